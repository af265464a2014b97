import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DocumentSymbol, SymbolKind } from 'vscode-languageserver-types';
import { ManifestDocument } from '../../server/src/service/document';
import { documentSymbols, MAX_SYMBOLS } from '../../server/src/service/features/symbols';

const doc = (text: string) => new ManifestDocument('file:///w/convox.yml', 1, text);
const r = (sl: number, sc: number, el: number, ec: number) => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });

function sym(name: string, kind: SymbolKind, range: ReturnType<typeof r>, selectionRange: ReturnType<typeof r>, extra: Partial<DocumentSymbol> = {}): DocumentSymbol {
  const out: DocumentSymbol = { name, kind, range, selectionRange };
  if (extra.detail) out.detail = extra.detail;
  if (extra.children) out.children = extra.children;
  return out;
}

/** name/kind/detail tree without positions, for shape checks. */
function shape(symbols: DocumentSymbol[] | undefined): unknown[] {
  return (symbols ?? []).map((s) => [s.name, s.kind, s.detail ?? null, ...(s.children ? [shape(s.children)] : [])]);
}

const TEXT = [
  '# café ☕', // 0
  'environment:', // 1
  '  - TOP=1', // 2
  'services:', // 3
  '  web:', // 4
  '    build: .', // 5
  '    port: https:3000', // 6
  '    environment:', // 7
  '      - FOO=bar', // 8
  '      - BAZ', // 9
  '    command: |', // 10
  '      run', // 11
  '', // 12
  '    # trailing comment', // 13
  '  "api": {image: nginx, port: 3000} # ☕', // 14
  'resources:', // 15
  '  db:', // 16
  '    type: postgres', // 17
  'timers:', // 18
  '  cleanup:', // 19
  '    schedule: "0 * * * *"', // 20
  '    service: web', // 21
  'balancers:', // 22
  '  lb:', // 23
  '    service: web', // 24
  'configs:', // 25
  '  - id: app-conf', // 26
  '    value: x', // 27
  '',
].join('\n');

const EXPECTED: DocumentSymbol[] = [
  sym('environment', SymbolKind.Property, r(1, 0, 2, 9), r(1, 0, 1, 11), {
    children: [sym('TOP', SymbolKind.Variable, r(2, 4, 2, 9), r(2, 4, 2, 9))],
  }),
  sym('services', SymbolKind.Namespace, r(3, 0, 14, 35), r(3, 0, 3, 8), {
    children: [
      sym('web', SymbolKind.Class, r(4, 2, 11, 9), r(4, 2, 4, 5), {
        detail: 'build . · port https:3000',
        children: [
          sym('build', SymbolKind.Property, r(5, 4, 5, 12), r(5, 4, 5, 9)),
          sym('port', SymbolKind.Property, r(6, 4, 6, 20), r(6, 4, 6, 8)),
          sym('environment', SymbolKind.Property, r(7, 4, 9, 11), r(7, 4, 7, 15), {
            children: [sym('FOO', SymbolKind.Variable, r(8, 8, 8, 15), r(8, 8, 8, 15)), sym('BAZ', SymbolKind.Variable, r(9, 8, 9, 11), r(9, 8, 9, 11))],
          }),
          sym('command', SymbolKind.Property, r(10, 4, 11, 9), r(10, 4, 10, 11)),
        ],
      }),
      sym('api', SymbolKind.Class, r(14, 2, 14, 35), r(14, 2, 14, 7), {
        detail: 'image nginx · port 3000',
        children: [sym('image', SymbolKind.Property, r(14, 10, 14, 22), r(14, 10, 14, 15)), sym('port', SymbolKind.Property, r(14, 24, 14, 34), r(14, 24, 14, 28))],
      }),
    ],
  }),
  sym('resources', SymbolKind.Namespace, r(15, 0, 17, 18), r(15, 0, 15, 9), {
    children: [sym('db', SymbolKind.Struct, r(16, 2, 17, 18), r(16, 2, 16, 4), { detail: 'postgres', children: [sym('type', SymbolKind.Property, r(17, 4, 17, 18), r(17, 4, 17, 8))] })],
  }),
  sym('timers', SymbolKind.Namespace, r(18, 0, 21, 16), r(18, 0, 18, 6), {
    children: [
      sym('cleanup', SymbolKind.Event, r(19, 2, 21, 16), r(19, 2, 19, 9), {
        detail: '0 * * * * → web',
        children: [sym('schedule', SymbolKind.Property, r(20, 4, 20, 25), r(20, 4, 20, 12)), sym('service', SymbolKind.Property, r(21, 4, 21, 16), r(21, 4, 21, 11))],
      }),
    ],
  }),
  sym('balancers', SymbolKind.Namespace, r(22, 0, 24, 16), r(22, 0, 22, 9), {
    children: [sym('lb', SymbolKind.Interface, r(23, 2, 24, 16), r(23, 2, 23, 4), { detail: '→ web', children: [sym('service', SymbolKind.Property, r(24, 4, 24, 16), r(24, 4, 24, 11))] })],
  }),
  sym('configs', SymbolKind.Namespace, r(25, 0, 27, 12), r(25, 0, 25, 7), {
    children: [sym('app-conf', SymbolKind.File, r(26, 4, 27, 12), r(26, 8, 26, 16))],
  }),
];

test('symbols: full outline with exact ranges (quoted key, multi-byte comment, trailing comment excluded)', () => {
  assert.deepEqual(documentSymbols(doc(TEXT)), EXPECTED);
});

test('symbols: CRLF line endings give the same outline', () => {
  assert.deepEqual(documentSymbols(doc(TEXT.replace(/\n/g, '\r\n'))), EXPECTED);
});

test('symbols: broken YAML does not throw', () => {
  assert.deepEqual(documentSymbols(doc('services:\n  web:\n    port: [')), [
    sym('services', SymbolKind.Namespace, r(0, 0, 2, 11), r(0, 0, 0, 8), {
      children: [sym('web', SymbolKind.Class, r(1, 2, 2, 11), r(1, 2, 1, 5), { children: [sym('port', SymbolKind.Property, r(2, 4, 2, 11), r(2, 4, 2, 8))] })],
    }),
  ]);
  for (const text of ['', '# only a comment\n', 'services:\n', 'services: 3\n', 'services:\n  web:\n', 'services:\n  web: nginx\n', '- a\n- b\n', ': v\n', 'x: *nope\n', 'services: [a, b]\n', '"\n', 'services:\n  web:\n    environment: [1, null, "=x", ""]\n', 'configs: [{id: }, 3, {value: x}]\n']) {
    assert.doesNotThrow(() => documentSymbols(doc(text)), text);
  }
  assert.deepEqual(shape(documentSymbols(doc('services:\n  web:\n'))), [['services', SymbolKind.Namespace, null, [['web', SymbolKind.Class, null]]]]);
  assert.deepEqual(shape(documentSymbols(doc('services:\n  web: nginx\n'))), [['services', SymbolKind.Namespace, null, [['web', SymbolKind.Class, null]]]]);
  assert.deepEqual(shape(documentSymbols(doc(': v\n'))), [['""', SymbolKind.Property, null]]);
});

test('symbols: merge keys and aliases show only explicit keys; duplicates are kept', () => {
  const text = ['x-base: &base', '  image: y', '  port: 3000', 'services:', '  web:', '    <<: *base', '    command: run', '  api: *base', '  web:', '    build: .', ''].join('\n');
  assert.deepEqual(shape(documentSymbols(doc(text))), [
    ['x-base', SymbolKind.Property, null],
    [
      'services',
      SymbolKind.Namespace,
      null,
      [
        // `image: y` is the string "y" (not YAML 1.1's true), merged in for the description only.
        ['web', SymbolKind.Class, 'image y · port 3000', [['command', SymbolKind.Property, null]]],
        ['api', SymbolKind.Class, 'image y · port 3000'],
        ['web', SymbolKind.Class, 'build .', [['build', SymbolKind.Property, null]]],
      ],
    ],
  ]);
});

test('symbols: build map form, v2 port map, timers without a service', () => {
  const text = 'services:\n  a:\n    build: {path: app}\n    port: {scheme: https, port: 3000}\n  b:\n    build: {manifest: D}\ntimers:\n  t:\n    schedule: "@daily"\n';
  assert.deepEqual(shape(documentSymbols(doc(text))), [
    [
      'services',
      SymbolKind.Namespace,
      null,
      [
        ['a', SymbolKind.Class, 'build app · port https:3000', [['build', SymbolKind.Property, null], ['port', SymbolKind.Property, null]]],
        ['b', SymbolKind.Class, 'build .', [['build', SymbolKind.Property, null]]],
      ],
    ],
    ['timers', SymbolKind.Namespace, null, [['t', SymbolKind.Event, '@daily', [['schedule', SymbolKind.Property, null]]]]],
  ]);
});

test('symbols: capped at MAX_SYMBOLS', () => {
  const lines = ['services:'];
  for (let i = 0; i < 2000; i++) lines.push(`  s${i}:`, '    image: x', '    port: 1');
  const symbols = documentSymbols(doc(lines.join('\n')));
  let count = 0;
  const walk = (list: DocumentSymbol[] | undefined) => {
    for (const s of list ?? []) {
      count++;
      walk(s.children);
    }
  };
  walk(symbols);
  assert.equal(count, MAX_SYMBOLS);
});

test('symbols: selectionRange is always inside range', () => {
  const inside = (s: DocumentSymbol): boolean => {
    const before = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line < b.line || (a.line === b.line && a.character <= b.character);
    return before(s.range.start, s.selectionRange.start) && before(s.selectionRange.end, s.range.end) && (s.children ?? []).every(inside);
  };
  for (const text of [TEXT, 'services:\n  web:\n    port: [', ': v\n', '? [a, b]\n: c\n', 'services:\n  web: &a\n']) {
    assert.ok(documentSymbols(doc(text)).every(inside), text);
  }
});
