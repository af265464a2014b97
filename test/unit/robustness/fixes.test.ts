import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
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

// A client sends each diagnostic's `data` back with the code-action request and may change or lose it: every fix
// then offers nothing or well-formed edits, and never throws (a fuzzed `{path: 5}` on health-path used to).
test('fixes given changed or lost diagnostic data offer well-formed edits or none, never throw', () => {
  const root = path.resolve(__dirname, '../../../../test/fixtures/quickfix');
  const wrong: unknown[] = [undefined, null, 0, 5, NaN, '', 'x', true, [], ['x'], {}, { items: 5 }, [['k', {}]]];
  let tried = 0;
  for (const code of readdirSync(root)) {
    for (const file of readdirSync(path.join(root, code)).filter((name) => name.endsWith('.yml') && !name.endsWith('.expected.yml'))) {
      const text = readFileSync(path.join(root, code, file), 'utf8');
      const fixtureSettings = normalizeSettings({ target: /^# target: (v2|v3)$/m.exec(text)?.[1] ?? 'v3' });
      const document = new ManifestDocument(URI, 4, text);
      for (const diagnostic of validateManifest(document, fixtureSettings).filter((d) => d.code === code)) {
        const fields = diagnostic.data && typeof diagnostic.data === 'object' ? Object.keys(diagnostic.data) : [];
        const variants = [...wrong, ...fields.flatMap((field) => wrong.map((value) => ({ ...(diagnostic.data as object), [field]: value })))];
        for (const data of variants) {
          tried++;
          const where = `${code}/${file} with data ${JSON.stringify(data)}`;
          let actions: ReturnType<typeof codeActions> = [];
          assert.doesNotThrow(() => (actions = codeActions(document, diagnostic.range, [{ ...diagnostic, data }], fixtureSettings)), where);
          for (const action of actions) {
            assert.equal(typeof action.title, 'string', where);
            for (const change of action.edit?.documentChanges ?? []) {
              for (const edit of (change as { edits: { newText: unknown; range: { start: { line: unknown } } }[] }).edits) {
                assert.equal(typeof edit.newText, 'string', where);
                assert.ok(!String(edit.newText).includes('[object Object]'), where);
                assert.equal(typeof edit.range.start.line, 'number', where);
              }
            }
          }
        }
      }
    }
  }
  assert.ok(tried > 500, `${tried} variants tried`);
});
