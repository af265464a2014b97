import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { MAX_FILE_BYTES, nodeWorkspace, rootFor, workspaceForManifest } from '../../../server/src/service/workspace/files';
import { tempWorkspace } from '../../helpers/tempWorkspace';

test('reads files inside the root, by absolute or relative path', (t) => {
  const ws = tempWorkspace({ 'app/nginx.conf': 'events {}\n', 'app/sub/x.conf': 'x' });
  t.after(() => ws.remove());
  const workspace = nodeWorkspace(ws.root)!;
  assert.equal(workspace.read('app/nginx.conf'), 'events {}\n');
  assert.equal(workspace.read(ws.file('app/nginx.conf')), 'events {}\n');
  assert.deepEqual(workspace.list('app'), [
    { name: 'nginx.conf', kind: 'file' },
    { name: 'sub', kind: 'directory' },
  ]);
  assert.equal(workspace.read('app/missing.conf'), undefined);
});

test('refuses ../ escapes and symbolic links that lead outside the root', (t) => {
  const outside = tempWorkspace({ 'secret.txt': 'TOKEN=hunter2', 'dir/inner.txt': 'inner' });
  const ws = tempWorkspace({ 'app/nginx.conf': 'ok', 'app/inside.txt': 'inside' });
  t.after(() => {
    ws.remove();
    outside.remove();
  });
  symlinkSync(outside.file('secret.txt'), ws.file('app/leak.conf'));
  symlinkSync(outside.file('dir'), ws.file('app/leakdir'));
  symlinkSync(ws.file('app/inside.txt'), ws.file('app/alias.txt'));
  const workspace = nodeWorkspace(ws.file('app'))!;

  const relativeEscape = path.relative(ws.file('app'), outside.file('secret.txt'));
  assert.ok(relativeEscape.startsWith('..'));
  assert.equal(workspace.read(relativeEscape), undefined, 'a ../ path is refused');
  assert.equal(workspace.read(outside.file('secret.txt')), undefined, 'an absolute path outside is refused');
  assert.equal(workspace.read('sub/../../' + path.basename(ws.file('app')) + '/../x'), undefined);
  assert.equal(workspace.read('leak.conf'), undefined, 'a link to a file outside is refused');
  assert.equal(workspace.read('leakdir/inner.txt'), undefined, 'a file below a link to a folder outside is refused');
  assert.equal(workspace.list('leakdir'), undefined);
  assert.equal(workspace.list('..'), undefined);
  assert.equal(workspace.read('alias.txt'), 'inside', 'a link that stays inside is followed');
  assert.deepEqual(
    workspace.list('.')!.map((e) => e.name),
    ['alias.txt', 'inside.txt', 'nginx.conf'],
    'links leading outside are not listed',
  );
  assert.ok(workspace.skipped.some((s) => /links outside/.test(s.reason)));
  assert.ok(workspace.skipped.some((s) => /outside the workspace/.test(s.reason)));
});

test('skips binary and huge files with a note, and never reads a folder as a file', (t) => {
  const ws = tempWorkspace({ 'nul.conf': 'server {\0}', 'dir/x': '' });
  t.after(() => ws.remove());
  writeFileSync(ws.file('big.conf'), 'x'.repeat(MAX_FILE_BYTES + 1));
  mkdirSync(ws.file('folder.conf'));
  const workspace = nodeWorkspace(ws.root)!;
  assert.equal(workspace.read('nul.conf'), undefined);
  assert.equal(workspace.read('big.conf'), undefined);
  assert.equal(workspace.read('folder.conf'), undefined);
  assert.deepEqual(
    workspace.skipped.map((s) => [path.basename(s.path), s.reason]),
    [
      ['nul.conf', 'binary (contains NUL bytes)'],
      ['big.conf', 'larger than 1 MB'],
      ['folder.conf', 'not a regular file'],
    ],
  );
  assert.equal(workspace.read('bad\0name'), undefined);
});

test('a FIFO is refused without blocking', { skip: process.platform === 'win32' }, (t) => {
  const ws = tempWorkspace({});
  t.after(() => ws.remove());
  execFileSync('mkfifo', [ws.file('pipe.conf')]);
  const workspace = nodeWorkspace(ws.root)!;
  assert.equal(workspace.read('pipe.conf'), undefined);
  assert.deepEqual(workspace.skipped.map((s) => s.reason), ['not a regular file']);
});

test('untrusted workspaces and non-file manifests get no workspace; the root is the folder holding the manifest', (t) => {
  const ws = tempWorkspace({ 'a/b/convox.yml': '' });
  t.after(() => ws.remove());
  const uri = `file://${ws.file('a/b/convox.yml')}`;
  assert.equal(workspaceForManifest(uri, { trusted: false, folders: [ws.root] }), undefined);
  assert.equal(workspaceForManifest('untitled:Untitled-1', { trusted: true, folders: [ws.root] }), undefined);
  assert.equal(workspaceForManifest('vscode-vfs://github/a/b/convox.yml', { trusted: true, folders: [ws.root] }), undefined);
  assert.equal(workspaceForManifest(uri, { trusted: true, folders: [ws.root, ws.file('a')] })!.root, ws.file('a'));
  assert.equal(rootFor([], ws.file('a/b/convox.yml')), ws.file('a/b'));
  assert.equal(rootFor(['/elsewhere'], ws.file('a/b/convox.yml')), ws.file('a/b'));
});
