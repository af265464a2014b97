import type { TextEdit } from 'vscode-languageserver-types';
import { isCollection, isMap, isPair, Node, Pair, YAMLMap } from 'yaml';
import type { ManifestDocument } from '../document';
import { entryStart } from '../yaml/nodes';

/** The line break the document uses, so inserted lines match CRLF files. */
export function eol(document: ManifestDocument): string {
  return document.text.includes('\r\n') ? '\r\n' : '\n';
}

export function replace(document: ManifestDocument, start: number, end: number, text: string): TextEdit {
  return { range: document.range(start, end), newText: text };
}

type PairIndex = Map<number, { pair: Pair; map: YAMLMap } | undefined>;
const pairIndexes = new WeakMap<ManifestDocument, PairIndex>();

/**
 * The map entry whose key starts at `offset` (where key-level diagnostics point), with the map holding it. The
 * entries are indexed once per document version (a code action request may ask for thousands of diagnostics).
 */
export function pairAt(document: ManifestDocument, offset: number): { pair: Pair; map: YAMLMap } | undefined {
  let index = pairIndexes.get(document);
  if (!index) pairIndexes.set(document, (index = indexPairs(document)));
  return index.get(offset);
}

/** Every pair by the offset of its key, the first in document order winning (undefined when not in a map). */
function indexPairs(document: ManifestDocument): PairIndex {
  const index: PairIndex = new Map();
  const stack: unknown[] = [document.yaml.contents];
  while (stack.length) {
    const node = stack.pop();
    if (!isCollection(node)) continue;
    const children: unknown[] = [];
    for (const item of node.items) {
      if (!isPair(item)) {
        children.push(item);
        continue;
      }
      const start = (item.key as Node | null)?.range?.[0];
      if (start !== undefined && !index.has(start)) index.set(start, isMap(node) ? { pair: item, map: node } : undefined);
      children.push(item.key, item.value);
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return index;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEndIncludingBreak(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end === -1 ? text.length : end + 1;
}

/** Offset of the end of an entry's own text: its value's last character (comments after it are kept). */
function entryEnd(pair: Pair): number {
  const value = pair.value as Node | null;
  const key = pair.key as Node | null;
  return value?.range?.[1] ?? key?.range?.[1] ?? 0;
}

/**
 * Removes a whole `key: value` entry: its lines when it sits on lines of its own, or just its text inside a flow
 * map. Comments on other lines and the rest of the file are untouched.
 */
export function deleteEntry(document: ManifestDocument, pair: Pair, map: YAMLMap): TextEdit {
  const text = document.text;
  const key = pair.key as Node;
  const start = key.range![0];
  if (map.flow) {
    const index = map.items.indexOf(pair);
    const next = map.items[index + 1]?.key as Node | undefined;
    const previous = map.items[index - 1];
    if (next?.range) return replace(document, start, next.range[0], '');
    const from = previous ? entryEnd(previous) : start;
    return replace(document, from, entryEnd(pair), '');
  }
  const to = lineEndIncludingBreak(text, Math.max(start, entryEnd(pair) - 1));
  const fromLine = lineStart(text, start);
  const before = text.slice(fromLine, start);
  const next = map.items[map.items.indexOf(pair) + 1]?.key as Node | undefined;
  const nextStart = next?.range?.[0];
  // The next entry starts on this one's last line (yaml reads `a: [x]:` as `a: [x]` and an empty key): only the text
  // up to it goes, or the next entry would lose its `:`.
  if (nextStart !== undefined && nextStart < to) return replace(document, start, nextStart, '');
  // `- key: v` as the first entry of a list item: keep the dash line intact by removing only the entry text. When the
  // next entry starts the next line, it moves up to where the removed key was (the dash followed by the next line's
  // indentation would put it in another column than the entries after it).
  if (before.trim() !== '') {
    // The only entry of a list item: its line stays, as an empty item; taking the line break too would join the dash
    // to the next line (fuzz seed 20261124: `- portnlb:` before `- port: 8443`).
    if (nextStart === undefined) {
      let from = start;
      while (from > fromLine && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--;
      return replace(document, from, text[to - 1] === '\n' ? to - (text[to - 2] === '\r' ? 2 : 1) : to, '');
    }
    if (nextStart >= to && text.slice(to, nextStart).trim() === '' && !text.slice(to, nextStart).includes('\n')) return replace(document, start, nextStart, '');
    return replace(document, start, to, '');
  }
  return replace(document, fromLine, to, '');
}

/** The indentation column of `offset`: a byte order mark starting the file takes no room (yaml skips it too). */
export function columnOf(document: ManifestDocument, offset: number): number {
  const { line, character } = document.lines.positionAt(offset);
  return line === 0 && document.text.charCodeAt(0) === 0xfeff ? Math.max(0, character - 1) : character;
}

/** Column of the keys of a block map (where a new key goes). */
export function mapIndent(document: ManifestDocument, map: YAMLMap): number {
  const first = map.items[0]?.key as Node | undefined;
  const offset = first?.range?.[0] ?? map.range?.[0] ?? 0;
  return columnOf(document, first?.range ? entryStart(document.text, offset) : offset);
}

/**
 * Inserts YAML lines (written at column 0, `\n`-separated) as new entries at the end of a block map, indented like
 * its keys.
 */
export function appendToMap(document: ManifestDocument, map: YAMLMap, lines: string): TextEdit {
  const text = document.text;
  const last = map.items[map.items.length - 1];
  const at = last ? lineEndIncludingBreak(text, Math.max(0, entryEnd(last) - 1)) : (map.range?.[1] ?? text.length);
  return insertLines(document, map, at, lines);
}

/** Inserts `\n`-separated lines at the line start `at`, indented like the keys of `map`, with the document's line breaks. */
function insertLines(document: ManifestDocument, map: YAMLMap, at: number, lines: string): TextEdit {
  const text = document.text;
  const indent = ' '.repeat(mapIndent(document, map));
  const needsBreak = at > 0 && text[at - 1] !== '\n';
  const body = lines
    .split('\n')
    .map((line) => (line ? indent + line : line))
    .join(eol(document));
  return replace(document, at, at, `${needsBreak ? eol(document) : ''}${body}${eol(document)}`);
}

/**
 * Inserts YAML right after the entry `pair` of `map`: in a block map, `lines` (written at column 0,
 * `\n`-separated) go on the lines below the entry, indented like the map's keys; in a flow map, `lines` must be one
 * `key: value` and is added as `, key: value`. Comments and the rest of the file are untouched.
 */
export function insertAfterEntry(document: ManifestDocument, pair: Pair, map: YAMLMap, lines: string): TextEdit {
  const end = entryEnd(pair);
  if (map.flow) return replace(document, end, end, `, ${lines}`);
  return insertLines(document, map, lineEndIncludingBreak(document.text, Math.max(0, end - 1)), lines);
}

/** Replaces a scalar's text and keeps its quotes (`"postgresql"` -> `"postgres"`); `text` must need no escaping. */
export function replaceScalar(document: ManifestDocument, start: number, end: number, text: string): TextEdit {
  const source = document.text.slice(start, end);
  const quoted = source.length >= 2 && (source[0] === '"' || source[0] === "'") && source[source.length - 1] === source[0];
  return quoted ? replace(document, start + 1, end - 1, text) : replace(document, start, end, text);
}
