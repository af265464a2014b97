import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { nodeWorkspace } from '../../../server/src/service/workspace/files';
import { tempWorkspace } from '../../helpers/tempWorkspace';
import { runCliUnprivileged } from '../../helpers/unprivileged';

// Adversarial reads through the workspace guard: every way out of the folder a hostile repository could try.
// (test/unit/nginx/workspace.test.ts covers the plain cases: ../ paths, links out, binary, huge and FIFO files.)
const posix = process.platform !== 'win32';

function setup(t: { after(fn: () => void): void }) {
  const parent = tempWorkspace({
    'app/convox.yml': 'services: {}\n',
    'app/inside.conf': 'inside',
    'app/sub/deep.conf': 'deep',
    'app-evil/secret.txt': 'TOKEN=prefix-sibling',
    'secret.txt': 'TOKEN=parent',
  });
  t.after(() => parent.remove());
  return { parent, app: parent.file('app') };
}

test('a sibling folder whose name starts like the root is outside it', (t) => {
  const { parent, app } = setup(t);
  const workspace = nodeWorkspace(app)!;
  assert.equal(workspace.read('../app-evil/secret.txt'), undefined);
  assert.equal(workspace.read(parent.file('app-evil/secret.txt')), undefined);
  assert.equal(workspace.read(`${app}-evil/secret.txt`), undefined);
  assert.equal(workspace.read('sub/../../secret.txt'), undefined);
  assert.equal(workspace.read('./sub/./../inside.conf'), 'inside', 'dots that stay inside are fine');
});

test('links: to the file system root, relative links out, links to an ancestor, loops and dangling links', { skip: !posix }, (t) => {
  const { app } = setup(t);
  symlinkSync('/', path.join(app, 'rootlink'));
  symlinkSync('../secret.txt', path.join(app, 'rel.conf'));
  symlinkSync('..', path.join(app, 'up'));
  symlinkSync('loop.conf', path.join(app, 'loop.conf'));
  symlinkSync('b.conf', path.join(app, 'a.conf'));
  symlinkSync('a.conf', path.join(app, 'b.conf'));
  symlinkSync('missing.conf', path.join(app, 'dangling.conf'));
  symlinkSync(path.join(app, 'sub/deep.conf'), path.join(app, 'absolute-inside.conf'));
  const workspace = nodeWorkspace(app)!;
  assert.equal(workspace.read('rootlink/etc/hostname'), undefined);
  assert.equal(workspace.read('rootlink/etc/passwd'), undefined);
  assert.equal(workspace.read('rel.conf'), undefined);
  assert.equal(workspace.read('up/secret.txt'), undefined);
  assert.equal(workspace.read('up/app/inside.conf'), 'inside', 'a link out and back in lands inside: allowed');
  assert.equal(workspace.read('loop.conf'), undefined);
  assert.equal(workspace.read('a.conf'), undefined);
  assert.equal(workspace.read('dangling.conf'), undefined);
  assert.equal(workspace.read('absolute-inside.conf'), 'deep');
  assert.equal(workspace.list('rootlink'), undefined);
  assert.equal(workspace.list('up'), undefined);
  assert.deepEqual(
    workspace.list('.')!.map((entry) => entry.name),
    ['absolute-inside.conf', 'convox.yml', 'inside.conf', 'sub'],
    'links leading out (or nowhere) are not listed',
  );
  const reasons = new Set(workspace.skipped.map((s) => s.reason.replace(/ \(.*\)$/, '')));
  assert.ok(reasons.has('links outside the workspace'), [...reasons].join(', '));
});

test('a root reached through a link works, and its real path does not widen it', { skip: !posix }, (t) => {
  const { parent, app } = setup(t);
  const linked = parent.file('linked-app');
  symlinkSync(app, linked);
  const workspace = nodeWorkspace(linked)!;
  assert.equal(workspace.read('inside.conf'), 'inside');
  assert.equal(workspace.read(path.join(app, 'inside.conf')), 'inside', 'the same file by its real path');
  assert.equal(workspace.read(path.join(linked, '../secret.txt')), undefined);
  assert.equal(workspace.read(parent.file('secret.txt')), undefined);
});

test('odd paths are refused without throwing: empty, the root itself, NUL bytes, non-strings', (t) => {
  const { app } = setup(t);
  const workspace = nodeWorkspace(app)!;
  for (const odd of ['', '.', '/', 'sub', 'inside.conf\0.txt', '\0', 'x'.repeat(5000)]) assert.equal(workspace.read(odd), undefined, JSON.stringify(odd.slice(0, 20)));
  assert.equal(workspace.read(undefined as unknown as string), undefined);
  assert.equal(workspace.read(42 as unknown as string), undefined);
  assert.equal(workspace.list('inside.conf'), undefined);
});

test('paths nobody can read, not even root, are skipped: a link loop, a folder named like a file, a path through a file', { skip: !posix }, (t) => {
  const { app } = setup(t);
  symlinkSync('loop.conf', path.join(app, 'loop.conf'));
  mkdirSync(path.join(app, 'folder.conf'));
  const workspace = nodeWorkspace(app)!;
  assert.equal(workspace.read('loop.conf'), undefined);
  assert.equal(workspace.list('loop.conf'), undefined);
  assert.equal(workspace.read('folder.conf'), undefined);
  assert.equal(workspace.read('inside.conf/x.conf'), undefined);
  assert.equal(workspace.list('inside.conf'), undefined);
  assert.ok(workspace.skipped.some((s) => s.path === path.join(app, 'folder.conf') && s.reason === 'not a regular file'), JSON.stringify(workspace.skipped));
  assert.equal(workspace.read('inside.conf'), 'inside', 'the rest of the folder is still read');
});

test('files and folders the user may not read are skipped with a note (as root, checked as nobody)', { skip: !posix }, async (t) => {
  const ws = tempWorkspace({
    'convox.yml': 'services:\n  proxy:\n    build: ./proxy\n    port: 80\n    health: /health\n',
    'proxy/Dockerfile': 'FROM nginx\nCOPY nginx.conf /etc/nginx/nginx.conf\nCOPY conf.d /etc/nginx/conf.d\n',
    'proxy/nginx.conf': 'http {\n  server {\n    location / {\n      proxy_set_header Host $http_host;\n      proxy_pass http://web:3000;\n    }\n  }\n}\n',
    'proxy/conf.d/default.conf': 'server {}\n',
  });
  t.after(() => ws.remove());
  const readable = await runCliUnprivileged(['lint', 'convox.yml'], ws.root, ws.root);
  assert.match(readable.stdout, /nginx-host-header/, `the nginx config is read when it may be: ${readable.stdout}${readable.stderr}`);
  chmodSync(ws.file('proxy/nginx.conf'), 0o000);
  chmodSync(ws.file('proxy/conf.d'), 0o000);
  const locked = await runCliUnprivileged(['lint', 'convox.yml'], ws.root, ws.root);
  assert.equal(locked.code, 0, locked.stdout + locked.stderr);
  assert.doesNotMatch(locked.stdout, /nginx-host-header/);
  assert.match(locked.stderr, /^convox-yml: note: did not read .*proxy\/nginx\.conf: unreadable \(EACCES\)$/m);
  assert.doesNotMatch(locked.stderr, /\n\s+at /, 'no stack trace');
});
