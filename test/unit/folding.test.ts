import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FoldingRange } from 'vscode-languageserver-types';
import { ManifestDocument } from '../../server/src/service/document';
import { foldingRanges, MAX_FOLDING_RANGES } from '../../server/src/service/features/folding';

const doc = (text: string) => new ManifestDocument('file:///w/convox.yml', 1, text);
const f = (startLine: number, endLine: number): FoldingRange => ({ startLine, endLine });
const c = (startLine: number, endLine: number): FoldingRange => ({ startLine, endLine, kind: 'comment' });

const TEXT = [
  '# Manifest for café ☕', // 0
  '# second comment line', // 1
  'services:', // 2
  '  web:', // 3
  '    build: .', // 4
  '    # a single comment: no fold', // 5
  '    command: |', // 6
  '      # inside a block scalar', // 7
  '      # not a comment either', // 8
  '      run', // 9
  '', // 10
  '    environment:', // 11
  '      - FOO=1', // 12
  '      - BAR=2', // 13
  '    # trailing comment one', // 14
  '    # trailing comment two', // 15
  '', // 16
  '  worker:', // 17
  '    resources: [', // 18
  '      db,', // 19
  '    ]', // 20
  '    configMounts:', // 21
  '      - id: conf', // 22
  '        path: /etc/x', // 23
  '      - id: single', // 24
  'resources:', // 25
  '  db: {type: postgres}', // 26
  '',
].join('\n');

const EXPECTED = [
  c(0, 1),
  f(2, 24), // services: ends at the last value, not at trailing comments
  f(3, 13), // web: comments and blank lines after FOO/BAR excluded
  f(6, 9), // command: block scalar (entry and scalar share the line: one range)
  f(11, 13),
  c(14, 15),
  f(17, 24),
  f(18, 20), // flow sequence over three lines
  f(21, 24),
  f(22, 23), // list item
  f(25, 26),
];

test('folding: entries, list items, block scalars and comment blocks', () => {
  assert.deepEqual(foldingRanges(doc(TEXT)), EXPECTED);
});

test('folding: CRLF line endings', () => {
  assert.deepEqual(foldingRanges(doc(TEXT.replace(/\n/g, '\r\n'))), EXPECTED);
});

test('folding: list item that starts on its dash line and block scalar in a list', () => {
  const text = ['environment:', '  - |', '    A=1', '    B=2', '  - X=1', 'configs:', '  - id: a', '    value: |', '      x', '      y', ''].join('\n');
  assert.deepEqual(foldingRanges(doc(text)), [f(0, 4), f(1, 3), f(5, 9), f(6, 9), f(7, 9)]);
});

test('folding: broken and odd documents do not throw and give no inverted ranges', () => {
  for (const text of ['', '#\n#\n', 'services:\n  web:\n    port: [', 'a: *nope\n', '- a\n-\n  - b\n  - c\n', ': v\n  w\n', 'x: "a\n  b"\n---\ny:\n  z: 1\n']) {
    const ranges = foldingRanges(doc(text));
    for (const range of ranges) assert.ok(range.endLine > range.startLine, `${JSON.stringify(text)} ${JSON.stringify(range)}`);
  }
  assert.deepEqual(foldingRanges(doc('#\n#\n')), [c(0, 1)]);
  assert.deepEqual(foldingRanges(doc('services:\n  web:\n    port: [')), [f(0, 2), f(1, 2)]);
  // `#` lines inside a multi-line quoted string are content; later documents fold too.
  assert.deepEqual(foldingRanges(doc('x: "a\n  # b\n  # c"\n---\ny:\n  z: 1\n')), [f(0, 2), f(4, 5)]);
});

test('folding: capped at MAX_FOLDING_RANGES, keeping the first', () => {
  const lines = ['services:'];
  for (let i = 0; i < 6000; i++) lines.push(`  s${i}:`, '    image: x');
  const ranges = foldingRanges(doc(lines.join('\n')));
  assert.equal(ranges.length, MAX_FOLDING_RANGES);
  // The first ones in the document are kept: `services`, then s0 to s4998.
  assert.deepEqual(ranges[0], { startLine: 0, endLine: 12000 });
  assert.deepEqual(ranges.at(-1), { startLine: 1 + 2 * (MAX_FOLDING_RANGES - 2), endLine: 2 + 2 * (MAX_FOLDING_RANGES - 2) });
});
