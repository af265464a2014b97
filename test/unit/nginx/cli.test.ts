import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { tempWorkspace } from '../../helpers/tempWorkspace';

const CLI = path.resolve(__dirname, '../../../../dist/cli.js');
const run = (args: string[], cwd: string) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });

const FILES = {
  'other/readme.md': '',
  'app/convox.yml': 'services:\n  proxy:\n    build: ./proxy\n    port: 80\n',
  'app/proxy/Dockerfile': 'FROM nginx\nCOPY nginx.conf /etc/nginx/nginx.conf\n',
  'app/proxy/nginx.conf': 'http {\n  server {\n    location / {\n      proxy_set_header Host $host;\n      proxy_pass http://web:3000;\n    }\n  }\n}\n',
};

test('the CLI reports in the nginx configs too, reading files below the current folder', (t) => {
  const ws = tempWorkspace(FILES);
  t.after(() => ws.remove());
  const { stdout, status } = run(['lint', 'app/convox.yml'], ws.root);
  assert.equal(status, 0, stdout);
  const lines = stdout.trim().split('\n').filter((line) => /\[nginx-/.test(line));
  assert.equal(lines.length, 3, stdout);
  assert.match(lines[0], /^app\/convox\.yml:3:12: warning Service proxy builds an nginx config .*\[nginx-host-header\]$/);
  assert.match(lines[1], /^app\/proxy\/nginx\.conf:4:7: warning proxy_set_header Host \$host forwards .*\[nginx-host-header\]$/);
  assert.match(lines[2], /^app\/proxy\/nginx\.conf:5:25: warning "web" is not a service in this convox\.yml .*\[nginx-compose-host\]$/);
  assert.match(stdout, /^2 files checked: /m);
});

test('--root limits what is read; a manifest outside the current folder is read from its own folder', (t) => {
  const ws = tempWorkspace(FILES);
  t.after(() => ws.remove());
  const limited = run(['lint', '--root', ws.file('app/proxy/..'), '--rule', 'nginx-compose-host=error', ws.file('app/convox.yml')], ws.file('app/proxy'));
  assert.equal(limited.status, 1, 'an nginx finding raised to error fails the run');
  assert.match(limited.stdout, /nginx\.conf:5:25: error "web"/);
  const elsewhere = run(['lint', '--root', ws.file('other'), ws.file('app/convox.yml')], ws.root);
  assert.doesNotMatch(elsewhere.stdout, /nginx/, 'the build context is outside --root: nothing is read');
  const outside = run(['lint', ws.file('app/convox.yml')], '/');
  assert.match(outside.stdout, /nginx-host-header/);
  const missing = run(['lint', '--root', ws.file('nope'), 'app/convox.yml'], ws.root);
  assert.equal(missing.status, 3);
  assert.match(missing.stderr, /--root must be a folder/);
});
