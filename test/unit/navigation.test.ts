import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Position, WorkspaceEdit } from 'vscode-languageserver-types';
import { ManifestDocument } from '../../server/src/service/document';
import { definition, prepareRename, references, rename, RenameError } from '../../server/src/service/features/navigation';

const URI = 'file:///w/convox.yml';

const TEXT = [
  '# café ☕ 😀', // 0
  'services:', // 1
  '  web:', // 2
  '    build: .', // 3
  '    resources:', // 4
  '      - "db:DATABASE_URL"', // 5
  '      - cache', // 6
  "  'api':", // 7
  '    image: nginx', // 8
  '    resources: [db:DB_URL]', // 9
  '    configMounts:', // 10
  '      - id: app-conf', // 11
  '        path: /etc/app.conf', // 12
  '  worker: {command: "café ☕ 😀", resources: [db]}', // 13
  'resources:', // 14
  '  db:', // 15
  '    type: postgres', // 16
  '  cache:', // 17
  '    type: redis', // 18
  'timers:', // 19
  '  cleanup:', // 20
  '    schedule: "0 * * * *"', // 21
  '    service: api', // 22
  'configs:', // 23
  '  - id: app-conf', // 24
  '    value: x', // 25
  '',
].join('\n');

const doc = (text = TEXT) => new ManifestDocument(URI, 1, text);
const pos = (line: number, character: number): Position => ({ line, character });
const range = (line: number, start: number, end: number, endLine = line) => ({ start: { line, character: start }, end: { line: endLine, character: end } });
const loc = (line: number, start: number, end: number) => ({ uri: URI, range: range(line, start, end) });

function apply(text: string, edit: WorkspaceEdit | null): string {
  assert.ok(edit?.changes);
  return TextDocument.applyEdits(TextDocument.create(URI, 'convox', 1, text), edit.changes[URI]);
}

test('definition: quoted resource reference with an :ENV suffix goes to the resource key', () => {
  assert.deepEqual(definition(doc(), pos(5, 10)), [loc(15, 2, 4)]);
  // The start and the end of the name both count.
  assert.deepEqual(definition(doc(), pos(5, 9)), [loc(15, 2, 4)]);
  assert.deepEqual(definition(doc(), pos(5, 11)), [loc(15, 2, 4)]);
  // The ENV part and the quote are not the name.
  assert.equal(definition(doc(), pos(5, 14)), null);
  assert.equal(definition(doc(), pos(5, 8)), null);
});

test('definition: timer service goes to a quoted service key (quotes included in the key range)', () => {
  assert.deepEqual(definition(doc(), pos(22, 14)), [loc(7, 2, 7)]);
});

test('definition: config mount id goes to the config id', () => {
  assert.deepEqual(definition(doc(), pos(11, 14)), [loc(24, 8, 16)]);
});

test('definition: multi-byte characters earlier on the line (UTF-16 positions)', () => {
  const line = TEXT.split('\n')[13];
  assert.equal(line.indexOf('db]'), 45);
  assert.deepEqual(definition(doc(), pos(13, 46)), [loc(15, 2, 4)]);
  assert.equal(definition(doc(), pos(13, 44)), null);
});

test('definition: on a definition key or elsewhere is null', () => {
  assert.equal(definition(doc(), pos(15, 3)), null);
  assert.equal(definition(doc(), pos(2, 3)), null);
  assert.equal(definition(doc(), pos(8, 12)), null);
  assert.equal(definition(doc(), pos(0, 3)), null);
});

test('definition: unknown name is null', () => {
  assert.equal(definition(doc('services:\n  web:\n    resources: [nope]\n'), pos(2, 17)), null);
});

test('references: from a resource key, with and without the declaration', () => {
  const uses = [loc(5, 9, 11), loc(9, 16, 18), loc(13, 45, 47)];
  assert.deepEqual(references(doc(), pos(15, 2), false), uses);
  assert.deepEqual(references(doc(), pos(15, 4), true), [loc(15, 2, 4), ...uses]);
});

test('references: from a use, and for a service referenced by a timer', () => {
  assert.deepEqual(references(doc(), pos(9, 17), true), [loc(15, 2, 4), loc(5, 9, 11), loc(9, 16, 18), loc(13, 45, 47)]);
  assert.deepEqual(references(doc(), pos(7, 4), true), [loc(7, 2, 7), loc(22, 13, 16)]);
  assert.deepEqual(references(doc(), pos(22, 13), false), [loc(22, 13, 16)]);
});

test('references: configs', () => {
  assert.deepEqual(references(doc(), pos(24, 10), true), [loc(24, 8, 16), loc(11, 12, 20)]);
});

test('references: not on a name', () => {
  assert.equal(references(doc(), pos(3, 5), true), null);
  assert.equal(references(doc(), pos(20, 4), true), null); // timers are not referenced
});

test('prepareRename: service, resource and config names only; quoted keys inside the quotes', () => {
  assert.deepEqual(prepareRename(doc(), pos(7, 3)), { range: range(7, 3, 6), placeholder: 'api' });
  assert.deepEqual(prepareRename(doc(), pos(5, 10)), { range: range(5, 9, 11), placeholder: 'db' });
  assert.deepEqual(prepareRename(doc(), pos(17, 2)), { range: range(17, 2, 7), placeholder: 'cache' });
  assert.deepEqual(prepareRename(doc(), pos(24, 9)), { range: range(24, 8, 16), placeholder: 'app-conf' });
  assert.equal(prepareRename(doc(), pos(20, 4)), null); // timer name
  assert.equal(prepareRename(doc(), pos(3, 6)), null); // a key
  assert.equal(prepareRename(doc(), pos(1, 2)), null); // a section
  assert.equal(prepareRename(doc(), pos(16, 12)), null); // resource type
});

test('rename: a resource used by two services keeps :ENV suffixes and quotes', () => {
  const expected = TEXT.replace('  db:\n', '  database:\n')
    .replace('"db:DATABASE_URL"', '"database:DATABASE_URL"')
    .replace('[db:DB_URL]', '[database:DB_URL]')
    .replace('resources: [db]}', 'resources: [database]}');
  const edit = rename(doc(), pos(5, 10), 'database');
  assert.equal(edit?.changes?.[URI].length, 4);
  assert.equal(apply(TEXT, edit), expected);
  // Same result from the declaration.
  assert.equal(apply(TEXT, rename(doc(), pos(15, 3), 'database')), expected);
});

test('rename: a quoted service key keeps its quotes; the timer follows', () => {
  const expected = TEXT.replace("  'api':", "  'backend':").replace('    service: api', '    service: backend');
  assert.equal(apply(TEXT, rename(doc(), pos(22, 14), 'backend')), expected);
});

test('rename: config id and its mounts', () => {
  const expected = TEXT.replace(/app-conf/g, 'nginx-conf');
  assert.equal(apply(TEXT, rename(doc(), pos(11, 13), 'nginx-conf')), expected);
});

test('rename: CRLF line endings', () => {
  const crlf = TEXT.replace(/\n/g, '\r\n');
  assert.deepEqual(definition(doc(crlf), pos(5, 10)), [loc(15, 2, 4)]);
  const expected = crlf.replace('  cache:\r\n', '  redis:\r\n').replace('      - cache\r\n', '      - redis\r\n');
  assert.equal(apply(crlf, rename(doc(crlf), pos(6, 9), 'redis')), expected);
});

test('rename: a reference shared through an alias is edited once', () => {
  const text = 'services:\n  a:\n    resources: &r [db]\n  b:\n    resources: *r\nresources:\n  db:\n    type: redis\n';
  const edit = rename(doc(text), pos(6, 2), 'cache');
  assert.equal(edit?.changes?.[URI].length, 2);
  assert.equal(apply(text, edit), text.replace('[db]', '[cache]').replace('  db:', '  cache:'));
});

test('rename: invalid or taken names throw RenameError', () => {
  assert.throws(
    () => rename(doc(), pos(15, 2), 'Bad_Name'),
    (err: unknown) => err instanceof RenameError && /"Bad_Name" is not a valid resource name/.test(err.message) && /lowercase letters, digits and dashes/.test(err.message),
  );
  assert.throws(() => rename(doc(), pos(15, 2), '1db'), RenameError);
  assert.throws(
    () => rename(doc(), pos(15, 2), 'cache'),
    (err: unknown) => err instanceof RenameError && /already exists in resources/.test(err.message),
  );
  assert.throws(() => rename(doc(), pos(2, 3), 'api'), RenameError);
  // A resource may share a service's name.
  assert.ok(rename(doc(), pos(15, 2), 'web'));
});

test('rename: same name is a no-op, nowhere is null', () => {
  assert.deepEqual(rename(doc(), pos(15, 2), 'db'), { changes: { [URI]: [] } });
  assert.equal(rename(doc(), pos(3, 5), 'x'), null);
});
