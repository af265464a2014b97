import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { Document, isAlias, isCollection, isDocument, isMap, isPair, isScalar, parseAllDocuments, YAMLError } from 'yaml';
import { validateManifest } from '../../server/src/service/diagnostics/validate';
import { DocumentCache, ManifestDocument, YAML_OPTIONS } from '../../server/src/service/document';
import { normalizeSettings } from '../../server/src/service/settings';
import { changedSpan, reparse } from '../../server/src/service/yaml/incremental';
import { Random } from '../fuzz/prng';
import { CORPUS } from '../helpers/corpus';

/** Every property of the tree a consumer can read, with the node kinds, as plain data. */
function describe(node: unknown): unknown {
  if (node === null || node === undefined) return node ?? null;
  if (isPair(node)) return { pair: [describe(node.key), describe(node.value)] };
  const base = node as { range?: number[]; anchor?: string; tag?: string; comment?: string; commentBefore?: string; spaceBefore?: boolean };
  const common = { range: base.range, anchor: base.anchor, tag: base.tag, comment: base.comment, commentBefore: base.commentBefore, spaceBefore: base.spaceBefore ?? false };
  if (isScalar(node)) {
    // Merge keys hold a fresh Symbol per parse: compared by description.
    const value = typeof node.value === 'bigint' ? `${node.value}n` : typeof node.value === 'symbol' ? node.value.toString() : node.value;
    return { scalar: value, type: node.type, source: node.source, format: node.format, ...common };
  }
  if (isAlias(node)) return { alias: node.source, ...common };
  if (isCollection(node)) return { [isMap(node) ? 'map' : 'seq']: node.items.map(describe), flow: node.flow ?? false, ...common };
  return { unknown: String(node) };
}

function describeDoc(doc: Document.Parsed): unknown {
  const errors = (list: YAMLError[]) => list.map((e) => ({ code: e.code, pos: e.pos, message: e.message, linePos: e.linePos, name: e.name }));
  return { document: isDocument(doc), contents: describe(doc.contents), range: doc.range, errors: errors(doc.errors), warnings: errors(doc.warnings), comment: doc.comment, commentBefore: doc.commentBefore };
}

/** The first path where two descriptions differ, for a readable failure. */
function firstDifference(a: unknown, b: unknown, at = '$'): string | undefined {
  if (Object.is(a, b)) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return `${at}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const found = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${at}.${key}`);
    if (found) return found;
  }
  return undefined;
}

function assertSame(incremental: Document.Parsed, full: Document.Parsed, context: string): void {
  const difference = firstDifference(describeDoc(incremental), describeDoc(full));
  assert.equal(difference, undefined, `${difference}\n${context}`);
}

function fullParse(text: string): Document.Parsed[] {
  return parseAllDocuments(text, YAML_OPTIONS) as Document.Parsed[];
}

/** A seeded sequence in [0, 1): the same seed replays the same edits. */
function random(seed: number): () => number {
  const generator = new Random(seed);
  return () => generator.next();
}

const PIECES = ['a', 'x', 'web', ':', ': ', ' ', '  ', '\n', '\n  ', '\n    ', '- ', '#', '# note', '"', "'", '[', ']', '{', '}', ',', '&a ', '*a', '<<: *a', '|', '>', '1', '300', '${PORT}', '\t', '\r\n', '---\n', '? ', 'true', '!!str '];

function randomEdit(text: string, next: () => number): string {
  const at = Math.floor(next() * (text.length + 1));
  const kind = next();
  if (kind < 0.55) return text.slice(0, at) + PIECES[Math.floor(next() * PIECES.length)] + text.slice(at);
  if (kind < 0.85) return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(next() * 6)));
  // A whole line copied or removed, as with cut and paste.
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = text.indexOf('\n', at);
  const line = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd + 1);
  return kind < 0.93 ? text.slice(0, lineStart) + line + text.slice(lineStart) : text.slice(0, lineStart) + text.slice(lineStart + line.length);
}

function manifests(): string[] {
  const texts: string[] = [];
  for (const folder of ['convox', 'convox-invalid']) {
    const dir = path.join(CORPUS, folder);
    for (const name of readdirSync(dir).sort()) if (/\.ya?ml$/.test(name)) texts.push(readFileSync(path.join(dir, name), 'utf8'));
  }
  let generated = 'services:\n';
  for (let i = 0; i < 12; i++) generated += `  svc-${i}:\n    build: .\n    port: ${3000 + i}\n    environment:\n      - A=${i}\n\n`;
  texts.push(`x-common: &common\n  image: nginx\n# services\n${generated}timers:\n  t:\n    schedule: "0 * * * *"\n    service: svc-1\n`);
  return texts;
}

/** Applies `edits` random edits to each manifest in chains (the tree of one edit is the previous of the next). */
function fuzz(seed: number, chain: number, rounds: number): { spliced: number; compared: number } {
  const next = random(seed);
  let spliced = 0;
  let compared = 0;
  for (const original of manifests()) {
    for (let round = 0; round < rounds; round++) {
      let text = original;
      let previous = fullParse(text);
      for (let step = 0; step < chain; step++) {
        const edited = randomEdit(text, next);
        const full = fullParse(edited);
        const incremental = previous.length === 1 ? reparse(text, previous[0], edited, YAML_OPTIONS) : undefined;
        compared++;
        if (incremental) {
          spliced++;
          assert.equal(full.length, 1, 'a re-parse happens only when the text holds one document');
          assertSame(incremental, full[0], `edit ${step} of:\n${text}\n---- became ----\n${edited}`);
          previous = [incremental];
        } else {
          previous = full;
        }
        text = edited;
      }
    }
  }
  return { spliced, compared };
}

test('an edited manifest re-parsed from its previous version equals a full parse of the new text, over random edits', () => {
  // FUZZ_SEED=<n> FUZZ_ROUNDS=<n> explore further than the fixed default.
  const { spliced, compared } = fuzz(Number(process.env.FUZZ_SEED ?? 20240611), 3, Number(process.env.FUZZ_ROUNDS ?? 8));
  // Most edits land inside one entry: the fast path must be the common one, not the exception.
  assert.ok(spliced > compared * 0.4, `only ${spliced} of ${compared} edits were re-parsed incrementally`);
});

test('long chains of random edits (garbage after a while) still re-parse exactly or not at all', () => {
  fuzz(Number(process.env.FUZZ_SEED ?? 99), 40, 1);
});

test('typing a new service character by character keeps every version equal to a full parse', () => {
  const dir = path.join(CORPUS, 'convox');
  const typed = '\n  jobs:\n    build: .\n    command: bin/jobs --queue "default"\n    scale: [1, 2]\n    port: 3000';
  let spliced = 0;
  let keystrokes = 0;
  for (const name of readdirSync(dir).sort().slice(0, 12)) {
    const base = readFileSync(path.join(dir, name), 'utf8');
    const header = /^services:[ \t]*$/m.exec(base);
    if (!header) continue;
    const at = header.index + header[0].length;
    let text = base;
    let previous = fullParse(text)[0];
    for (let i = 1; i <= typed.length; i++) {
      const edited = base.slice(0, at) + typed.slice(0, i) + base.slice(at);
      const incremental = reparse(text, previous, edited, YAML_OPTIONS);
      const full = fullParse(edited)[0];
      keystrokes++;
      if (incremental) {
        spliced++;
        assertSame(incremental, full, `${name} after typing ${JSON.stringify(typed.slice(0, i))}`);
      }
      previous = incremental ?? full;
      text = edited;
    }
  }
  assert.ok(spliced > keystrokes * 0.8, `${spliced} of ${keystrokes} keystrokes re-parsed incrementally`);
});

test('the server cache gives the same plain tree and diagnostics as a fresh parse after each edit', () => {
  const settings = normalizeSettings({});
  const next = random(Number(process.env.FUZZ_SEED ?? 7));
  const texts = manifests();
  for (const original of [texts.at(-1)!, ...texts.filter((_, index) => index % 9 === 0)]) {
    const cache = new DocumentCache();
    const uri = 'file:///w/convox.yml';
    let text = original;
    for (let version = 1; version <= 30; version++) {
      const cached = cache.get(uri, version, () => text);
      const fresh = new ManifestDocument(uri, version, text);
      assert.deepEqual(cached.plain.value, fresh.plain.value, `version ${version}:\n${text}`);
      assert.deepEqual(validateManifest(cached, settings), validateManifest(fresh, settings), `version ${version}:\n${text}`);
      // Mostly small edits that keep the file valid, as when typing; now and then a random one.
      text = version % 5 === 0 ? original : randomEdit(text, next);
    }
  }
});

test('the changed span is the texts\' common prefix and the common suffix after it', () => {
  const naive = (a: string, b: string) => {
    const min = Math.min(a.length, b.length);
    let start = 0;
    while (start < min && a.charCodeAt(start) === b.charCodeAt(start)) start++;
    let suffix = 0;
    while (suffix < min - start && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
    return { start, suffix };
  };
  const next = random(7);
  const alphabet = ['a', 'b', '\n', ' ', '😀', 'é'];
  const word = (length: number) => Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
  const pairs: [string, string][] = [['', ''], ['', 'a'], ['abc', 'abc'], ['abc', 'abd'], ['aXa', 'aa'], ['aa', 'aXa']];
  for (let i = 0; i < 2000; i++) {
    const a = word(Math.floor(next() * 40));
    const at = Math.floor(next() * (a.length + 1));
    const cut = Math.floor(next() * (a.length - at + 1));
    pairs.push([a, a.slice(0, at) + word(Math.floor(next() * 4)) + a.slice(at + cut)], [a, word(Math.floor(next() * 40))]);
  }
  for (const [a, b] of pairs) assert.deepEqual(changedSpan(a, b), naive(a, b), JSON.stringify([a, b]));
});

test('lone carriage returns end lines, as in yaml.v2: on opening, and when an edit leaves or removes one', () => {
  const settings = normalizeSettings({});
  const findings = (document: ManifestDocument) => validateManifest(document, settings).map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]);
  const lf = 'services:\n  web:\n    build: .\n    helth: /\n';
  const expected = findings(new ManifestDocument('file:///w/convox.yml', 1, lf));
  assert.deepEqual(expected.map(([code]) => code), ['unknown-key']);
  const cr = lf.replace(/\n/g, '\r');
  const opened = new ManifestDocument('file:///w/convox.yml', 1, cr);
  assert.deepEqual(findings(opened), expected);
  assert.equal(opened.text.length, cr.length);
  // Deleting the LF of a CRLF leaves a lone CR; typing it back removes it.
  const crlf = lf.replace(/\n/g, '\r\n');
  const lone = crlf.replace('build: .\r\n', 'build: .\r');
  const edited = new ManifestDocument('file:///w/convox.yml', 2, lone, new ManifestDocument('file:///w/convox.yml', 1, crlf));
  assert.deepEqual(describeDoc(edited.yaml), describeDoc(new ManifestDocument('file:///w/convox.yml', 2, lone).yaml));
  assert.deepEqual(findings(edited), expected);
  const restored = new ManifestDocument('file:///w/convox.yml', 3, crlf, edited);
  assert.deepEqual(describeDoc(restored.yaml), describeDoc(new ManifestDocument('file:///w/convox.yml', 3, crlf).yaml));
  assert.deepEqual(findings(restored), expected);
});

test('characters yaml.v2 refuses or breaks lines at are found when an edit types them in, and forgotten when it takes the last out', () => {
  const settings = normalizeSettings({});
  const codes = (document: ManifestDocument) => validateManifest(document, settings).map((d) => d.code);
  const uri = 'file:///w/convox.yml';
  const clean = 'services:\n  web:\n    build: .\n    command: echo hi # greet\n';
  let document = new ManifestDocument(uri, 1, clean);
  assert.equal(document.hasYamlV2Characters, false);
  const versions: [string, string[]][] = [
    [clean.replace('echo hi', 'echo \x1bhi'), ['control-character']],
    [clean.replace('echo hi', 'echo \x1bhi').replace('greet', 'gr\u2028eet'), ['control-character', 'unusual-line-break']],
    [clean.replace('greet', 'gr\u2028eet'), ['unusual-line-break']],
    [clean, []],
    [clean.replace('greet', 'gr\x7feet'), ['control-character']],
  ];
  for (const [version, [text, expected]] of versions.entries()) {
    document = new ManifestDocument(uri, version + 2, text, document);
    assert.deepEqual(codes(document), expected, JSON.stringify(text));
    assert.equal(document.hasYamlV2Characters, expected.length > 0);
  }
});

test('an edit that changes most of a large file is parsed whole at once, not retried chunk by chunk; a small one still incrementally', () => {
  const entries = (from: number, to: number, name: string) => Array.from({ length: to - from }, (_, i) => `${name}${from + i}: &a v${from + i}\n`).join('');
  const tail = `services:\n  web:\n    command: [${Array(4000).fill('*a').join(', ')}]\n`;
  const text = `${entries(0, 4000, 'x')}${tail}`;
  const parse = (source: string) => parseAllDocuments(source, YAML_OPTIONS) as Document.Parsed[];
  // Most of the file renamed (a replace-all): every attempt would parse most of it again.
  const renamed = `${entries(0, 100, 'x')}${entries(100, 3900, 'y')}${entries(3900, 4000, 'x')}${tail}`;
  assert.ok(text.length > 64 * 1024);
  assert.equal(reparse(text, parse(text)[0], renamed, YAML_OPTIONS), undefined);
  const edited = new ManifestDocument('file:///w/convox.yml', 2, renamed, new ManifestDocument('file:///w/convox.yml', 1, text));
  assert.deepEqual(describeDoc(edited.yaml), describeDoc(parse(renamed)[0]));
  // One entry changed in the same file: spliced in.
  const one = text.replace('x1500: &a v1500\n', 'x1500: &a changed\n');
  const spliced = reparse(text, parse(text)[0], one, YAML_OPTIONS);
  assert.ok(spliced);
  assert.deepEqual(describeDoc(spliced), describeDoc(parse(one)[0]));
});
