import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CompletionItem, CompletionList, Range } from 'vscode-languageserver-types';
import { complete, resolveCompletion } from '../../server/src/service/features/completion';
import { normalizeSettings } from '../../server/src/service/settings';
import { withCaret } from '../helpers/caret';

function items(marked: string, settings: object = {}): CompletionItem[] {
  const { document, position } = withCaret(marked);
  return complete(document, position, normalizeSettings(settings)).items;
}

const labels = (list: CompletionItem[]) => list.map((item) => item.label);
const insert = (item: CompletionItem | undefined) => (item?.textEdit && 'newText' in item.textEdit ? item.textEdit.newText : undefined);

test('empty file: top-level keys and a starter manifest', () => {
  const list = items('‸');
  assert.ok(['services', 'resources', 'timers', 'environment'].every((key) => labels(list).includes(key)));
  const starter = list.find((item) => item.label === 'convox.yml starter');
  assert.ok(starter, 'starter snippet offered');
  assert.match(insert(starter)!, /^environment:\n/);
});

test('keys valid in a service, minus the ones already there, on a half-typed line', () => {
  const list = items('services:\n  web:\n    build: .\n    port: 3000\n    hea‸\n');
  assert.ok(labels(list).includes('health'));
  assert.ok(!labels(list).includes('build'));
  assert.ok(!labels(list).includes('port'));
  const health = list.find((item) => item.label === 'health')!;
  const edit = health.textEdit as { range: { start: { character: number }; end: { character: number } } };
  assert.deepEqual([edit.range.start.character, edit.range.end.character], [4, 7], 'replaces the typed "hea"');
  assert.equal(health.documentation, undefined, 'documentation comes with completionItem/resolve');
  assert.match((resolveCompletion(health).documentation as { value: string }).value, /docs\.convox\.com/);
});

test('resolving fills in a schema key\'s documentation and leaves anything else as it came', () => {
  const list = items('services:\n  web:\n    ‸\n');
  for (const item of list.filter((entry) => entry.kind === 10 /* Property */)) {
    const resolved = resolveCompletion(item);
    assert.ok(resolved.documentation, `documentation for ${item.label}`);
    assert.deepEqual({ ...resolved, documentation: undefined }, { ...item, documentation: undefined }, 'nothing else changes');
  }
  for (const data of [undefined, null, 'x', { key: 'port' }, { schemaPath: 'services', key: 'port' }, { schemaPath: [{}], key: 'x' }, { schemaPath: Array(100).fill('services'), key: 'x' }, { schemaPath: ['nope'], key: 'x' }]) {
    assert.deepEqual(resolveCompletion({ label: 'x', data }), { label: 'x', data });
  }
});

/** What an editor supporting LSP 3.17 item defaults does with a list: fills each item's missing fields from them. */
function applyDefaults(list: CompletionList): CompletionItem[] {
  const defaults = list.itemDefaults ?? {};
  return list.items.map(({ textEditText, ...item }) => ({
    ...item,
    ...(defaults.editRange && { textEdit: { range: defaults.editRange as Range, newText: textEditText ?? item.label } }),
    ...(item.insertTextFormat === undefined && defaults.insertTextFormat !== undefined && { insertTextFormat: defaults.insertTextFormat }),
    ...(item.data === undefined && defaults.data !== undefined && { data: defaults.data }),
  }));
}

test('with item defaults, what every item shares is sent once and the items come out the same', () => {
  const cases = [
    'services:\n  web:\n    build: .\n    sc‸\n', // keys and snippets
    'services:\n  web:\n    ‸\n',
    'resources:\n  db:\n    type: ‸\n', // values: plain text
    '‸',
  ];
  for (const marked of cases) {
    const { document, position } = withCaret(marked);
    const settings = normalizeSettings({});
    const plain = complete(document, position, settings);
    const hoisted = complete(document, position, settings, new Set(['editRange', 'insertTextFormat', 'data', 'commitCharacters']));
    assert.ok(plain.items.length > 1, marked);
    assert.equal(plain.itemDefaults, undefined, 'no defaults for a client that did not ask for them');
    assert.ok(hoisted.itemDefaults?.editRange, `the shared range is a default: ${marked}`);
    assert.ok(hoisted.items.every((item) => item.textEdit === undefined && typeof item.textEditText === 'string'));
    assert.deepEqual(applyDefaults(hoisted), plain.items, marked);
    assert.ok(JSON.stringify(hoisted).length < JSON.stringify(plain).length * 0.75, `smaller: ${marked}`);
  }
  // Keys and snippets are all snippets: the format is a default too; plain values carry none.
  const { document, position } = withCaret('services:\n  web:\n    ‸\n');
  const keys = complete(document, position, normalizeSettings({}), new Set(['editRange', 'insertTextFormat', 'data']));
  assert.equal(keys.itemDefaults?.insertTextFormat, 2);
  assert.ok(keys.items.every((item) => item.insertTextFormat === undefined && item.data === undefined));
  // An editor that resolves an item sends it back with the defaults applied: its documentation still comes.
  const scale = applyDefaults(keys).find((item) => item.label === 'scale')!;
  assert.match((resolveCompletion(scale).documentation as { value: string }).value, /scale/);
});

test('keys come first in label order, then the snippets', () => {
  const list = items('services:\n  web:\n    ‸\n');
  // As editors order items of equal match: by sortText, or the label where there is none, compared as strings.
  const sortKey = (item: CompletionItem) => (item.sortText ?? item.label).toLowerCase();
  const order = [...list].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0)).map((item) => item.kind);
  const firstSnippet = order.indexOf(15);
  assert.ok(firstSnippet > 0 && order.slice(firstSnippet).every((kind) => kind === 15), JSON.stringify(order));
});

test('v2-only keys are not offered on v3, and the reverse', () => {
  const v3 = labels(items('services:\n  web:\n    ‸\n'));
  assert.ok(!v3.includes('links') && !v3.includes('nlb'));
  assert.ok(v3.includes('whitelist'));
  const v2 = labels(items('services:\n  web:\n    ‸\n', { target: 'v2' }));
  assert.ok(v2.includes('links') && v2.includes('nlb'));
  assert.ok(!v2.includes('whitelist'));
});

test('block snippets keep the indentation of the cursor', () => {
  const list = items('services:\n  web:\n    port: 3000\n    ‸\n');
  const snippet = list.find((item) => item.label.startsWith('health') && item.kind === 15);
  assert.ok(snippet, 'a health block snippet');
  const lines = insert(snippet)!.split('\n');
  assert.equal(lines[0], 'health:');
  assert.ok(lines.slice(1).every((line) => line.startsWith('      ')), JSON.stringify(lines));
});

test('object keys get a nested line, list keys a dash, enums a choice', () => {
  const list = items('services:\n  web:\n    ‸\n');
  assert.equal(insert(list.find((item) => item.label === 'deployment')), 'deployment:\n      $0');
  assert.equal(insert(list.find((item) => item.label === 'environment')), 'environment:\n      - $0');
  assert.match(insert(list.find((item) => item.label === 'privileged'))!, /\$\{1\|true,false\|\}/);
});

test('boolean and enum values', () => {
  assert.deepEqual(labels(items('services:\n  web:\n    privileged: ‸\n')), ['true', 'false']);
  const concurrency = labels(items('timers:\n  t:\n    concurrency: ‸\n'));
  assert.ok(['Allow', 'Forbid', 'Replace'].every((value) => concurrency.includes(value)));
});

test('resource types with their descriptions', () => {
  const list = items('resources:\n  db:\n    type: ‸\n');
  assert.ok(['postgres', 'redis', 'rds-postgres'].every((value) => labels(list).includes(value)));
  assert.match((list.find((item) => item.label === 'postgres')!.documentation as { value: string }).value, /postgres:\/\//);
});

test('resource names under a service resources list, not the ones already linked', () => {
  const text = 'resources:\n  database:\n    type: postgres\n  cache:\n    type: redis\nservices:\n  web:\n    resources:\n      - cache\n      - ‸\n';
  assert.deepEqual(labels(items(text)), ['database']);
});

test('service names for a timer', () => {
  const text = 'services:\n  web:\n    image: a\n  worker:\n    image: b\ntimers:\n  nightly:\n    service: ‸\n';
  assert.deepEqual(labels(items(text)), ['web', 'worker']);
});

test('resource option keys depend on the resource type', () => {
  const list = labels(items('resources:\n  db:\n    type: postgres\n    options:\n      ‸\n'));
  assert.ok(list.includes('storage') && list.includes('version'));
});

test('new entries of a name-keyed map come as snippets', () => {
  const list = items('timers:\n  ‸\n');
  assert.ok(list.some((item) => /schedule/.test(insert(item) ?? '')));
});

test('nothing inside a comment', () => {
  assert.deepEqual(items('services:\n  web:\n    # add a po‸\n'), []);
});
