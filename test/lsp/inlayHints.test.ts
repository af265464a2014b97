import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { HoverRequest, InlayHintRequest } from 'vscode-languageserver-protocol';
import { TestClient } from '../helpers/lspClient';

// The bundled server answers inlay hint requests with each timer schedule in words.
const client = new TestClient();
const URI = 'file:///work/timers/convox.yml';
const MANIFEST = ['services:', '  web:', '    build: .', 'timers:', '  digest:', '    schedule: "30 6 ? * MON-FRI"', '    service: web', ''].join('\n');

before(async () => {
  const result = await client.initialize({ settings: { target: 'v3' } });
  assert.equal(result.capabilities.inlayHintProvider, true);
  await client.open(URI, MANIFEST);
});

after(async () => {
  assert.equal(await client.shutdown(), 0);
});

test('inlay hint after a schedule, and hover with its next runs', async () => {
  const hints = await client.connection.sendRequest(InlayHintRequest.type, {
    textDocument: { uri: URI },
    range: { start: { line: 0, character: 0 }, end: { line: 8, character: 0 } },
  });
  assert.deepEqual(hints?.map((hint) => [hint.label, hint.position.line, hint.position.character]), [['At 06:30, Monday through Friday', 5, 32]]);
  const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: { line: 5, character: 18 } });
  assert.match((hover?.contents as { value: string }).value, /At 06:30, Monday through Friday \(UTC\)\.\n\nNext runs: /);
});
