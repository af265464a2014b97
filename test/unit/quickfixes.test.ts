import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { ManifestDocument } from '../../server/src/service/document';
import { validateManifest } from '../../server/src/service/diagnostics/validate';
import { codeActions } from '../../server/src/service/fixes/codeActions';
import { normalizeSettings } from '../../server/src/service/settings';
import { applyWorkspaceEdit } from '../helpers/edits';

/**
 * Golden tests for quick fixes: test/fixtures/quickfix/<code>/<case>.yml names the fix to apply in a
 * `# fix: <title>` line (and optionally `# target: v2`); applying it must give <case>.expected.yml byte for byte,
 * and the result must no longer have that finding.
 */
const ROOT = path.resolve(__dirname, '../../../test/fixtures/quickfix');

for (const code of readdirSync(ROOT)) {
  for (const file of readdirSync(path.join(ROOT, code)).filter((f) => f.endsWith('.yml') && !f.endsWith('.expected.yml'))) {
    test(`quick fix ${code}/${file}`, () => {
      const input = readFileSync(path.join(ROOT, code, file), 'utf8');
      const expected = readFileSync(path.join(ROOT, code, file.replace(/\.yml$/, '.expected.yml')), 'utf8');
      const title = /^# fix: (.*)$/m.exec(input)?.[1].trim();
      assert.ok(title, 'fixture names its fix in a "# fix:" line');
      const settings = normalizeSettings({ target: /^# target: (v2|v3)$/m.exec(input)?.[1] ?? 'v3' });
      const uri = 'file:///work/app/convox.yml';
      const document = new ManifestDocument(uri, 7, input);
      const diagnostics = validateManifest(document, settings).filter((d) => d.code === code);
      assert.ok(diagnostics.length > 0, `the fixture has a ${code} finding`);
      const actions = diagnostics.flatMap((d) => codeActions(document, d.range, [d], settings));
      const action = actions.find((a) => a.title === title);
      assert.ok(action, `no action "${title}" among: ${actions.map((a) => a.title).join(' | ')}`);
      const fixed = applyWorkspaceEdit(input, uri, 7, action!.edit!);
      assert.equal(fixed, expected);
      const after = validateManifest(new ManifestDocument(uri, 8, fixed), settings);
      assert.equal(after.filter((d) => d.code === code && d.range.start.line === diagnostics[0].range.start.line).length, 0, 'the finding is gone');
      assert.ok(!after.some((d) => d.code === 'yaml-syntax'), 'the fix keeps the YAML valid');
    });
  }
}

test('a fix computed for an older version is refused', () => {
  const uri = 'file:///work/app/convox.yml';
  const document = new ManifestDocument(uri, 3, 'services:\n  web:\n    image: a\n    enviroment: []\n');
  const settings = normalizeSettings({});
  const [diagnostic] = validateManifest(document, settings);
  const [action] = codeActions(document, diagnostic.range, [diagnostic], settings);
  assert.throws(() => applyWorkspaceEdit(document.text, uri, 4, action.edit!), /stale edit/);
});

/** The titles of the fixes offered for every finding of `text`, and the findings' codes. */
function offered(text: string): { codes: string[]; titles: string[] } {
  const uri = 'file:///work/app/convox.yml';
  const document = new ManifestDocument(uri, 1, text);
  const settings = normalizeSettings({});
  const diagnostics = validateManifest(document, settings);
  return { codes: diagnostics.map((d) => d.code), titles: diagnostics.flatMap((d) => codeActions(document, d.range, [d], settings)).map((a) => a.title) };
}

test('no top-level entry is added after a byte order mark followed by indentation: yaml could not line it up', () => {
  // yaml counts the mark as a column on the first line only, so a second top-level entry is always misaligned.
  const { codes, titles } = offered('\uFEFF services:\n  web:\n    image: x\n    command: echo ${DB_URL}\n');
  assert.ok(codes.includes('undeclared-variable'), codes.join());
  assert.ok(!titles.some((title) => title.startsWith('Declare')), titles.join(' | '));
  // Without the indentation the list is added as usual.
  assert.ok(offered('\uFEFFservices:\n  web:\n    image: x\n    command: echo ${DB_URL}\n').titles.includes('Declare DB_URL in environment'));
});

test('a U+2028 that cuts a value in two is offered for removal only: a line break there would not load (fuzz seed 20261124)', () => {
  const { codes, titles } = offered('services:\n  api:\n    image: example/a\u2028pi:latest\n');
  assert.deepEqual(codes, ['unusual-line-break']);
  assert.deepEqual(titles, ['Remove the U+2028 (line separator)']);
});

test('a file with NEL line ends, one line to the editor: one request for its 4,001 diagnostics gets a "replace all" for each', () => {
  const text = 'services:\u0085' + Array.from({ length: 2000 }, (_, i) => `  s${i}:\u0085    image: x\u0085`).join('');
  const uri = 'file:///work/app/convox.yml';
  const document = new ManifestDocument(uri, 1, text);
  const settings = normalizeSettings({});
  const diagnostics = validateManifest(document, settings).filter((d) => d.code === 'unusual-line-break');
  assert.equal(diagnostics.length, 4001);
  const actions = codeActions(document, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, diagnostics, settings);
  const replaceAll = actions.filter((action) => action.title === 'Replace all 4001 such characters in the file with line breaks');
  assert.equal(replaceAll.length, 4001);
  assert.equal(applyWorkspaceEdit(text, uri, 1, replaceAll[0].edit!), text.replace(/\u0085/g, '\n'));
});

test('removing a control character is not offered where a YAML indicator would start the value, or a line would be indented (fuzz seed 20261124)', () => {
  assert.deepEqual(offered('services:\n  web:\n    build: .\n    command: \x01[a\n').titles, []);
  assert.deepEqual(offered('services:\n  web:\n    build: .\n    command: \x01- a\n').titles, []);
  assert.ok(!offered('services:\n  web:\n    build: .\n\x01  # a comment\n').titles.some((title) => title.includes('control character')));
  // Inside a value, or before an indicator that cannot start anything there, it is.
  assert.deepEqual(offered('services:\n  web:\n    build: .\n    command: a\x01[b\n').titles, ['Remove the control character']);
  assert.deepEqual(offered('services:\n  web:\n    build: .\n    command: \x01-a\n').titles, ['Remove the control character']);
});

test('an entry whose key is a collection (`? key:`) is not offered for removal', () => {
  const { codes, titles } = offered('services:\n  web:\n    image: x\n?     startupProbe:\n      path: /s\n');
  assert.ok(codes.includes('unknown-key'), codes.join());
  assert.ok(!titles.some((title) => title.startsWith('Remove')), titles.join(' | '));
});

test('removing an entry whose line the next entry starts on keeps that entry whole (fuzz seed 369414277)', () => {
  // yaml reads `scale<<: [x]:` as `scale<<: [x]` and an entry with an empty key whose `:` ends the line.
  const text = 'services:\n  web:\n    build: .\n    scale<<: [x]:\n      min: 0\n';
  const uri = 'file:///work/app/convox.yml';
  const document = new ManifestDocument(uri, 1, text);
  const settings = normalizeSettings({});
  const diagnostics = validateManifest(document, settings);
  const action = diagnostics.flatMap((d) => codeActions(document, d.range, [d], settings)).find((a) => a.title === 'Remove "scale<<"');
  assert.ok(action, 'Remove is offered');
  const fixed = applyWorkspaceEdit(text, uri, 1, action.edit!);
  assert.equal(fixed, 'services:\n  web:\n    build: .\n    :\n      min: 0\n');
  assert.ok(!validateManifest(new ManifestDocument(uri, 2, fixed), settings).some((d) => d.code === 'yaml-syntax'));
});
