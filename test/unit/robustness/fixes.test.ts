import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManifestDocument } from '../../../server/src/service/document';
import { validateManifest } from '../../../server/src/service/diagnostics/validate';
import { codeActions } from '../../../server/src/service/fixes/codeActions';
import { normalizeSettings } from '../../../server/src/service/settings';
import { applyWorkspaceEdit } from '../../helpers/edits';

// Nothing lost: quick fixes never break what the rest of the file relies on, on any input the fuzzer found.
const URI = 'file:///work/convox.yml';
const settings = normalizeSettings({});

function actionsFor(text: string) {
  const document = new ManifestDocument(URI, 4, text);
  const diagnostics = validateManifest(document, settings);
  return { document, diagnostics, actions: codeActions(document, diagnostics[0].range, diagnostics, settings) };
}

test('removing an unknown key is not offered when it holds an anchor an alias still uses', () => {
  const used = actionsFor('base: &base\n  build: .\nservices:\n  web:\n    <<: *base\n    health: /\n    port: 3000\n');
  assert.deepEqual(used.diagnostics.map((d) => d.code), ['unknown-key']);
  assert.deepEqual(used.actions.map((a) => a.title), [], 'removing base: would leave *base pointing nowhere');

  const unused = actionsFor('base: &base\n  build: .\nservices:\n  web:\n    build: .\n    health: /\n    port: 3000\n');
  assert.deepEqual(unused.actions.map((a) => a.title), ['Remove "base"']);

  const redefined = actionsFor('base: &base {build: .}\nservices:\n  web:\n    <<: *base\n    health: /\n    port: 3000\nx-base: &base {build: x}\n');
  assert.deepEqual(redefined.actions.map((a) => a.title), [], 'the later &base does not define *base, which comes before it');
});

test('a fix inserting lines at the top of a file with a byte order mark indents as if the mark were not there', () => {
  const text = '\ufeffservices:\n  web:\n    build: .\n    domain: ${DOMAIN}\n    health: /\n    port: 3000\n';
  const { document, diagnostics } = actionsFor(text);
  const declare = diagnostics.flatMap((d) => codeActions(document, d.range, [d], settings)).find((a) => a.title === 'Declare DOMAIN in environment');
  assert.ok(declare, diagnostics.map((d) => d.code).join(' '));
  const fixed = applyWorkspaceEdit(text, URI, 4, declare.edit!);
  assert.equal(fixed, '\ufeffenvironment:\n  - DOMAIN\nservices:\n  web:\n    build: .\n    domain: ${DOMAIN}\n    health: /\n    port: 3000\n');
  assert.deepEqual(validateManifest(new ManifestDocument(URI, 5, fixed), settings), []);
});

test('code actions for thousands of diagnostics at once stay fast (each used to walk the whole file)', () => {
  const services = Array.from({ length: 2000 }, (_, i) => `  s${i}:\n    build: .\n    port: 3000\n`).join('');
  const { actions, diagnostics } = (() => {
    const start = performance.now();
    const result = actionsFor(`services:\n${services}`);
    const ms = performance.now() - start;
    assert.ok(ms < 20_000, `took ${Math.round(ms)} ms`);
    return result;
  })();
  assert.equal(diagnostics.filter((d) => d.code === 'missing-health').length, 2000);
  assert.equal(actions.filter((a) => a.title === 'Add health: /health').length, 2000);
});
