import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CodeAction,
  CodeActionRequest,
  CompletionList,
  CompletionRequest,
  CompletionResolveRequest,
  DefinitionRequest,
  DocumentLinkRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
} from 'vscode-languageserver-protocol';
import { TestClient } from '../helpers/lspClient';

// The real bundled server (dist/server.js) in its own process, over stdio, driven by a JSON-RPC client.
const client = new TestClient();
const MANIFEST = [
  'resources:',
  '  database:',
  '    type: postgres',
  'services:',
  '  web:',
  '    build: ./app',
  '    port: 3000',
  '    enviroment:',
  '      - A=1',
  '    resources:',
  '      - database',
  '  worker:',
  '    build: ./app',
  '    resources:',
  '      - database:DATABASE_URL',
  '',
].join('\n');
const URI = 'file:///work/app/convox.yml';
const QUIET = { 'missing-health': 'off', 'containerized-resource': 'off' };

before(async () => {
  // The manifest is about LSP plumbing: rules that only advise (a health path, a managed database) stay quiet.
  const result = await client.initialize({ settings: { target: 'v3', rules: QUIET } });
  assert.equal(result.serverInfo?.name, 'convox-language-server');
  await client.open(URI, MANIFEST);
});

after(async () => {
  assert.equal(await client.shutdown(), 0);
});

test('publishes diagnostics with codes, docs links and exact ranges', async () => {
  const { diagnostics, version } = await client.diagnosticsFor(URI, 1);
  assert.equal(version, 1);
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]),
    [['unknown-key', 7, 4, 14]],
  );
  assert.match(diagnostics[0].codeDescription!.href, /unknown-key\.md$/);
});

test('a change is validated again, for the new version', async () => {
  await client.change(URI, 2, MANIFEST.replace('enviroment', 'environment'));
  const { diagnostics } = await client.diagnosticsFor(URI, 2);
  assert.deepEqual(diagnostics, []);
});

test('a control character typed into a clean manifest is reported, fixed over LSP, and forgotten once removed', async () => {
  const uri = 'file:///work/pasted/convox.yml';
  const clean = 'services:\n  web:\n    build: .\n    command: bin/rails server\n';
  await client.open(uri, clean);
  assert.deepEqual((await client.diagnosticsFor(uri, 1)).diagnostics, []);
  const pasted = clean.replace('server', 'server\x1b[0m');
  await client.change(uri, 2, pasted);
  const { diagnostics } = await client.diagnosticsFor(uri, 2);
  assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]), [['control-character', 3, 29, 30]]);
  const actions = (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics } })) as CodeAction[];
  assert.deepEqual(actions.map((a) => a.title), ['Remove the terminal control sequence ESC[0m']);
  const [edit] = (actions[0].edit!.documentChanges![0] as { edits: { range: { start: { character: number }; end: { character: number } }; newText: string }[] }).edits;
  assert.deepEqual([edit.range.start.character, edit.range.end.character, edit.newText], [29, 33, '']);
  await client.change(uri, 3, clean);
  assert.deepEqual((await client.diagnosticsFor(uri, 3)).diagnostics, []);
});

test('completion offers keys not yet present in a service', async () => {
  const list = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: URI }, position: { line: 7, character: 4 } });
  const labels = (Array.isArray(list) ? list : list!.items).map((item) => item.label);
  assert.ok(labels.includes('health'));
  assert.ok(!labels.includes('build'), 'build is already there');
});

test('completion items get their documentation when the editor resolves them', async () => {
  const list = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: URI }, position: { line: 7, character: 4 } });
  const health = (Array.isArray(list) ? list : list!.items).find((item) => item.label === 'health')!;
  assert.equal(health.documentation, undefined, 'not in the list');
  const resolved = await client.connection.sendRequest(CompletionResolveRequest.type, health);
  assert.match((resolved.documentation as { value: string }).value, /docs\.convox\.com/);
  assert.equal(resolved.label, 'health');
  // Whatever an editor sends back, the answer is the item, never an error.
  const junk = await client.connection.sendRequest(CompletionResolveRequest.type, { label: 'x', data: { schemaPath: [{}], key: 7 } });
  assert.deepEqual(junk, { label: 'x', data: { schemaPath: [{}], key: 7 } });
});

test('a client that takes item defaults gets the shared range, format and data once per list', async () => {
  const itemDefaults = ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data']; // as VS Code's client declares
  const other = new TestClient();
  try {
    await other.initialize({ settings: { target: 'v3', rules: QUIET } }, { textDocument: { completion: { completionList: { itemDefaults } } } });
    await other.open(URI, MANIFEST);
    const position = { textDocument: { uri: URI }, position: { line: 7, character: 4 } };
    const [plain, hoisted] = await Promise.all([client.connection.sendRequest(CompletionRequest.type, position), other.connection.sendRequest(CompletionRequest.type, position)]);
    const plainItems = (plain as CompletionList).items;
    const list = hoisted as CompletionList;
    assert.deepEqual(list.itemDefaults?.editRange, { start: { line: 7, character: 4 }, end: { line: 7, character: 4 } });
    assert.equal(list.itemDefaults?.insertTextFormat, 2);
    assert.deepEqual(list.items.map((item) => item.label), plainItems.map((item) => item.label));
    for (const [index, item] of list.items.entries()) {
      assert.equal(item.textEdit, undefined);
      assert.equal(item.textEditText, (plainItems[index].textEdit as { newText: string }).newText);
    }
    // The editor resolves the item it shows with the defaults filled in.
    const health = list.items.find((item) => item.label === 'health')!;
    const resolved = await other.connection.sendRequest(CompletionResolveRequest.type, { ...health, data: list.itemDefaults?.data });
    assert.match((resolved.documentation as { value: string }).value, /docs\.convox\.com/);
  } finally {
    assert.equal(await other.shutdown(), 0);
  }
});

test('a malformed item defaults capability is read as none', async () => {
  for (const itemDefaults of [5, 'editRange', { editRange: true }, [1, null, {}]]) {
    const other = new TestClient();
    try {
      await other.initialize({ settings: { target: 'v3', rules: QUIET } }, { textDocument: { completion: { completionList: { itemDefaults } } } });
      await other.open(URI, MANIFEST);
      const list = (await other.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: URI }, position: { line: 7, character: 4 } })) as CompletionList;
      assert.equal(list.itemDefaults, undefined, JSON.stringify(itemDefaults));
      assert.ok(list.items.length > 0 && list.items.every((item) => item.textEdit !== undefined));
    } finally {
      assert.equal(await other.shutdown(), 0);
    }
  }
});

test('hover on a key shows its documentation with a docs link', async () => {
  const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: { line: 6, character: 6 } });
  const value = (hover!.contents as { value: string }).value;
  assert.match(value, /\*\*port\*\*/);
  assert.match(value, /docs\.convox\.com/);
});

test('hover on a resource link lists the variables it injects', async () => {
  const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: { line: 10, character: 10 } });
  assert.match((hover!.contents as { value: string }).value, /DATABASE_URL[\s\S]*DATABASE_PASS/);
});

test('definition, references and rename of a resource', async () => {
  const definition = await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: URI }, position: { line: 14, character: 9 } });
  assert.deepEqual((definition as { range: unknown }[])[0].range, { start: { line: 1, character: 2 }, end: { line: 1, character: 10 } });
  const references = await client.connection.sendRequest(ReferencesRequest.type, {
    textDocument: { uri: URI },
    position: { line: 1, character: 4 },
    context: { includeDeclaration: true },
  });
  assert.equal(references!.length, 3);
  const prepared = await client.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: URI }, position: { line: 10, character: 9 } });
  assert.ok(prepared);
  const edit = await client.connection.sendRequest(RenameRequest.type, { textDocument: { uri: URI }, position: { line: 1, character: 4 }, newName: 'db' });
  const edits = edit!.changes![URI];
  assert.equal(edits.length, 3);
  assert.ok(edits.every((e) => e.newText === 'db'));
  await assert.rejects(
    client.connection.sendRequest(RenameRequest.type, { textDocument: { uri: URI }, position: { line: 1, character: 4 }, newName: 'Bad_Name' }),
    /Bad_Name/,
  );
});

test('outline, folding and build links', async () => {
  const symbols = await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: URI } });
  assert.deepEqual(
    (symbols as { name: string }[]).map((s) => s.name),
    ['resources', 'services'],
  );
  const folds = await client.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri: URI } });
  assert.ok(folds!.some((f) => f.startLine === 3 && f.endLine === 14), JSON.stringify(folds));
  const links = await client.connection.sendRequest(DocumentLinkRequest.type, { textDocument: { uri: URI } });
  assert.equal(links![0].target, 'file:///work/app/app');
});

test('files that are not manifests are left alone', async () => {
  const other = 'file:///work/app/docker-compose.yml';
  await client.open(other, 'services:\n  web:\n    ports: ["80:80"]\n', 'yaml');
  const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: other }, position: { line: 1, character: 3 } });
  assert.equal(hover, null);
});

test('settings changes re-validate open documents', async () => {
  await client.change(URI, 3, MANIFEST);
  await client.diagnosticsFor(URI, 3);
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { convox: { rules: { ...QUIET, 'unknown-key': 'off' } } } });
  // The server re-publishes version 3 after the settings change; wait for the publish without the finding.
  const deadline = Date.now() + 5000;
  for (;;) {
    if (client.latest(URI)?.diagnostics.length === 0) break;
    assert.ok(Date.now() < deadline, 'no re-validation after the settings change');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
});
