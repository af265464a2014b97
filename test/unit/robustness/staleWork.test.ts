import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CompletionList, CompletionRequest } from 'vscode-languageserver-protocol';
import { ManifestDocument } from '../../../server/src/service/document';
import { validateManifest } from '../../../server/src/service/diagnostics/validate';
import { normalizeSettings } from '../../../server/src/service/settings';
import { TestClient } from '../../helpers/lspClient';

// A large manifest edited in a burst: validating each version takes long enough that, without cancellation, the
// server would work through every stale version before the newest; it must validate (and publish) only what is
// still current, and keep answering requests meanwhile.
const URI = 'file:///tmp/stale-work/convox.yml';

function manifest(port: number): string {
  const services = Array.from({ length: 400 }, (_, i) => `  s${i}:\n    build: .\n    port: ${port}\n    enviroment: [A]\n    resources: [db${i % 5}]\n`).join('');
  return `services:\n${services}resources:\n  db0:\n    type: postgres\n`;
}

test('a burst of changes to a large manifest: stale versions are dropped, the newest is published correctly', async (t) => {
  const client = new TestClient();
  t.after(() => client.shutdown());
  await client.initialize({ trusted: false });
  await client.open(URI, manifest(3000), 'convox', 1);
  await client.diagnosticsFor(URI, 1, 60_000);

  const versions = 30;
  for (let version = 2; version <= versions + 1; version++) await client.change(URI, version, manifest(3000 + version));
  const completion = client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: URI }, position: { line: 2, character: 4 } });
  const final = await client.diagnosticsFor(URI, versions + 1, 120_000);
  assert.ok(((await completion) as CompletionList).items.length > 0, 'requests are answered during the burst');

  const publishedVersions = client.published(URI).map((params) => params.version).filter((version) => version !== undefined && version > 1);
  assert.ok(publishedVersions.length <= versions / 3, `published ${publishedVersions.length} of ${versions} versions: ${publishedVersions.join(', ')}`);
  assert.deepEqual(publishedVersions, [...publishedVersions].sort((a, b) => a! - b!), 'never an older version after a newer one');
  const expected = validateManifest(new ManifestDocument(URI, versions + 1, manifest(3000 + versions + 1)), normalizeSettings({}));
  assert.equal(final.diagnostics.length, expected.length);
  assert.deepEqual(
    final.diagnostics.map((d) => `${d.code}@${d.range.start.line}`),
    expected.map((d) => `${d.code}@${d.range.start.line}`),
  );
  assert.equal(client.exited, false);
});
