import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { tempWorkspace } from '../../helpers/tempWorkspace';

const CLI = path.resolve(__dirname, '../../../../dist/cli.js');
const run = (args: string[], cwd: string) => spawnSync(process.execPath, [CLI, 'convert', ...args], { cwd, encoding: 'utf8' });

const FILES = {
  'app/docker-compose.yml': 'services:\n  web:\n    build: .\n    ports: ["3000:3000"]\n    env_file: .env\n    depends_on: [db]\n  db: {}\n',
  'app/docker-compose.db.yml': 'services:\n  db:\n    image: postgres:16\n',
  'app/.env': 'SECRET=do-not-copy\n',
  'heroku/Procfile': 'web: bundle exec puma -p $PORT\nworker: bundle exec sidekiq\n',
  'heroku/app.json': '{"addons": ["heroku-postgresql"]}\n',
  'broken/docker-compose.yml': 'services:\n  web: [\n',
};

test('convert prints the manifest on stdout and the report on stderr', (t) => {
  const ws = tempWorkspace(FILES);
  t.after(() => ws.remove());
  const { stdout, stderr, status } = run(['app/docker-compose.yml', 'app/docker-compose.db.yml'], ws.root);
  assert.equal(status, 0, stderr);
  const manifest = parse(stdout);
  assert.deepEqual(manifest.resources, { db: { type: 'postgres', options: { version: '16' } } });
  assert.deepEqual(manifest.services.web, { build: '.', port: 3000, environment: ['SECRET'], resources: ['db'] });
  assert.doesNotMatch(stdout + stderr, /do-not-copy/, 'env file values never leave the file');
  assert.match(stderr, /^app\/docker-compose\.yml:5:15: manual-step The values in \.env are not copied .*\[services\.web\.env_file\]$/m);
  assert.match(stderr, /^\d+ notes: \d+ converted approximately, \d+ dropped, \d+ manual steps?\.$/m);
});

test('--format json prints {manifest, report}', (t) => {
  const ws = tempWorkspace(FILES);
  t.after(() => ws.remove());
  const { stdout, status } = run(['--format', 'json', 'heroku/Procfile'], ws.root);
  assert.equal(status, 0);
  const { manifest, report } = JSON.parse(stdout);
  assert.deepEqual(parse(manifest).services.web, { build: '.', command: 'bundle exec puma -p 3000', port: 3000, resources: ['database'] }, 'app.json beside the Procfile is read');
  assert.ok(report.some((note: { path: string; file?: string }) => note.path === 'addons[0]' && note.file === path.join('heroku', 'app.json')));
});

test('-o writes the file, and refuses to overwrite it without --force', (t) => {
  const ws = tempWorkspace(FILES);
  t.after(() => ws.remove());
  const first = run(['app/docker-compose.yml', '-o', 'app/convox.yml'], ws.root);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /Wrote app\/convox\.yml\.\n$/);
  assert.match(readFileSync(ws.file('app/convox.yml'), 'utf8'), /^# Converted from docker-compose\.yml/);
  writeFileSync(ws.file('app/convox.yml'), 'mine\n');
  const again = run(['app/docker-compose.yml', '-o', 'app/convox.yml'], ws.root);
  assert.equal(again.status, 5);
  assert.match(again.stderr, /app\/convox\.yml exists: not overwritten \(use --force/);
  assert.equal(readFileSync(ws.file('app/convox.yml'), 'utf8'), 'mine\n');
  const forced = run(['app/docker-compose.yml', '-o', 'app/convox.yml', '--force', '--format', 'json'], ws.root);
  assert.equal(forced.status, 0);
  assert.equal(JSON.parse(forced.stdout).output, 'app/convox.yml');
  assert.notEqual(readFileSync(ws.file('app/convox.yml'), 'utf8'), 'mine\n');
});

test('exit codes: 1 unconvertible input, 2 invalid arguments, 3 unreadable input', (t) => {
  const ws = tempWorkspace(FILES);
  t.after(() => ws.remove());
  const broken = run(['broken/docker-compose.yml'], ws.root);
  assert.equal(broken.status, 1);
  assert.match(broken.stderr, /broken\/docker-compose\.yml was not converted: YAML syntax error/);
  assert.equal(broken.stdout, '');
  assert.equal(run([], ws.root).status, 2);
  assert.equal(run(['--format', 'sarif', 'app/docker-compose.yml'], ws.root).status, 2);
  assert.equal(run(['--app-json', 'heroku/app.json', 'app/docker-compose.yml'], ws.root).status, 2);
  const missing = run(['nope/docker-compose.yml'], ws.root);
  assert.equal(missing.status, 3);
  assert.match(missing.stderr, /cannot read nope\/docker-compose\.yml: no such file or directory/);
});

test('the usage text documents convert and its exit codes', () => {
  const help = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' });
  assert.match(help.stdout, /convox-yml convert \[options\] <docker-compose\.yml>/);
  assert.match(help.stdout, /5 the output file exists \(use --force\)/);
});
