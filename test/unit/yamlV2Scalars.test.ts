import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateManifest } from '../../server/src/service/diagnostics/validate';
import { ManifestDocument } from '../../server/src/service/document';
import { normalizeSettings } from '../../server/src/service/settings';
import { TestClient } from '../helpers/lspClient';

// Scalars as Convox's parser (yaml.v2, YAML 1.1) reads them.
const plain = (text: string) => new ManifestDocument('file:///w/convox.yml', 1, text).plain.value;

test('YAML 1.1 booleans, but no sexagesimal numbers, no timestamps, and "." is a string', () => {
  assert.deepEqual(plain('a: yes\nb: off\nc: 5000:50\nd: 2001-12-14\ne: .\nf: 0777\n'), { a: true, b: false, c: '5000:50', d: '2001-12-14', e: '.', f: 511 });
});

test('!!binary is decoded into text; invalid base64 is an error on its tag, as yaml.v2 fails on it', () => {
  assert.deepEqual(plain('a: !!binary aGVsbG8=\nb: !!binary |\n  aGVs\n  bG8=\n'), { a: 'hello', b: 'hello' });
  const text = 'services:\n  web:\n    image: !!binary not-base64!\n';
  const diagnostics = validateManifest(new ManifestDocument('file:///w/convox.yml', 1, text), normalizeSettings({}));
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.range.start.line, text.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character)]),
    [['yaml-syntax', 2, '!!binary']],
  );
  assert.match(diagnostics[0].message, /!!binary value contains invalid base64 data/);
});

test('the bundled server reads !!binary exactly as the service does (the yaml library builds differ on it)', async (t) => {
  const client = new TestClient();
  t.after(() => client.shutdown());
  await client.initialize();
  const text = 'services:\n  web:\n    image: !!binary not-base64!\n    command: !!binary aGVsbG8=\n    port: !!binary \n';
  const uri = 'file:///w/binary/convox.yml';
  await client.open(uri, text);
  const published = await client.diagnosticsFor(uri, 1);
  const expected = validateManifest(new ManifestDocument(uri, 1, text), normalizeSettings({}));
  assert.ok(expected.length > 0);
  assert.deepEqual(published.diagnostics.map((d) => [d.code, d.range, d.message]), expected.map((d) => [d.code, d.range, d.message]));
});
