import { Document, isAlias, isMap, isPair, isScalar, isSeq, Node, Pair, Scalar, YAMLMap } from 'yaml';
import { resolveAlias } from './structure';
import { isMergeKey, keyText } from './toPlain';

/** Follows aliases (bounded, so a cycle cannot loop) to the node they name. */
export function deref(doc: Document, node: unknown): Node | null {
  let current = node as Node | null | undefined;
  for (let hops = 0; hops < 32 && isAlias(current); hops++) current = resolveAlias(doc, current);
  return current && !isAlias(current) ? current : null;
}

export interface MapEntry {
  pair: Pair;
  key: string;
  /** The alias through which a merged entry arrived (`<<: *base`), if any. */
  via?: Node;
}

/**
 * The entries of a map as Convox reads them: explicit keys, then keys brought in by merge keys. A map merged twice
 * (or into itself, through a cycle) is read once: its keys are all seen by then, and merge bombs stay linear.
 */
export function mapEntries(doc: Document, node: unknown, expanded = new Set<Node>()): MapEntry[] {
  const map = deref(doc, node);
  if (!isMap(map) || expanded.has(map)) return [];
  expanded.add(map);
  const out: MapEntry[] = [];
  const seen = new Set<string>();
  for (const pair of map.items) {
    if (isMergeKey(pair)) continue;
    const key = keyText(pair.key);
    seen.add(key);
    out.push({ pair, key });
  }
  for (const pair of map.items) {
    if (!isMergeKey(pair)) continue;
    const value = pair.value as Node | null;
    const merged = isSeq(value) ? (value.items as Node[]) : value ? [value] : [];
    for (const item of merged) {
      for (const entry of mapEntries(doc, item, expanded)) {
        if (seen.has(entry.key)) continue;
        seen.add(entry.key);
        out.push({ ...entry, via: entry.via ?? item });
      }
    }
  }
  return out;
}

/**
 * The first entry of each key of a map without merge keys (such a map's entries depend on nothing else), kept with
 * the node: the incremental parse shares unchanged nodes between versions, so lookups stop rescanning every
 * service's keys on every keystroke. Null for maps with merge keys.
 */
const ENTRY_INDEX = new WeakMap<YAMLMap, Map<string, MapEntry> | null>();

function entryIndex(map: YAMLMap): Map<string, MapEntry> | null {
  let index = ENTRY_INDEX.get(map);
  if (index === undefined) {
    index = map.items.some((pair) => isMergeKey(pair)) ? null : new Map();
    if (index) {
      for (const pair of map.items) {
        const key = keyText(pair.key);
        if (!index.has(key)) index.set(key, { pair, key });
      }
    }
    ENTRY_INDEX.set(map, index);
  }
  return index;
}

export function mapGet(doc: Document, node: unknown, key: string): MapEntry | undefined {
  const entry = sharedEntry(doc, node, key);
  return entry && { ...entry };
}

/** mapGet without the copy: the entry kept in the index, for reading only. */
function sharedEntry(doc: Document, node: unknown, key: string): MapEntry | undefined {
  const map = deref(doc, node);
  const index = isMap(map) ? entryIndex(map) : undefined;
  if (index) return index.get(key);
  return mapEntries(doc, node).find((entry) => entry.key === key);
}

/** The value at `key` with aliases followed. */
export function mapValue(doc: Document, node: unknown, key: string): Node | null {
  const entry = sharedEntry(doc, node, key);
  return entry ? deref(doc, entry.pair.value) : null;
}

/**
 * A scalar's text as written (for plain scalars) or decoded (quoted ones). Names, paths and types are read as text:
 * YAML 1.1 would turn `on` into `true` and `0777` into 511.
 */
export function scalarString(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const scalar = node as Scalar;
  if (scalar.type === 'PLAIN' && typeof scalar.source === 'string') return scalar.source;
  const value = scalar.value;
  if (value === null || value === undefined) return undefined;
  return typeof value === 'string' ? value : String(value);
}

/** Offsets of a scalar's text without its quotes, so a rename or an underline covers just the characters. */
export function scalarContentRange(node: Scalar): [number, number] {
  const [start, end] = node.range ?? [0, 0];
  if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') return [start + 1, Math.max(start + 1, end - 1)];
  return [start, end];
}

export function isYamlMap(node: unknown): node is YAMLMap {
  return isMap(node);
}

/**
 * Offset just past the last character of a node's own text: the end of its last scalar, alias or flow collection,
 * so trailing blank lines, comments and the line break that block nodes swallow are left out. Null when the node
 * has no text (an empty value).
 */
export function contentEnd(text: string, node: unknown, depth = 0): number | null {
  if (!node || depth > 256) return null;
  if (isPair(node)) return contentEnd(text, (node as Pair).value, depth + 1) ?? contentEnd(text, (node as Pair).key, depth + 1);
  const range = (node as Node).range;
  if (!range) return null;
  if (isMap(node) || isSeq(node)) {
    if (!node.flow) {
      for (let i = node.items.length - 1; i >= 0; i--) {
        const end = contentEnd(text, node.items[i], depth + 1);
        if (end !== null) return end;
      }
    }
    return range[1] > range[0] ? range[1] : null;
  }
  if (isScalar(node) || isAlias(node)) {
    let end = Math.min(range[1], text.length);
    while (end > range[0] && /\s/.test(text[end - 1])) end--;
    return end > range[0] ? end : null;
  }
  return range[1] > range[0] ? range[1] : null;
}

/** Where an entry whose key starts at `keyStart` starts: at the anchor or tag written before the key (`&a build:`). */
export function entryStart(text: string, keyStart: number): number {
  const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
  const props = /(?:^|[ \t])((?:[&!][^ \t]*[ \t]+)+)$/.exec(text.slice(lineStart, keyStart));
  return props ? keyStart - props[1].length : keyStart;
}

/**
 * Where a key is written. An empty key (`: value`) has no text, and the `yaml` library puts it where the content
 * before it ends (often the start of the line); its `:` is what stands for it, so that is what an underline covers.
 */
export function keyRange(text: string, key: Node): [number, number] | undefined {
  if (!key.range) return undefined;
  const [start, end] = key.range;
  if (end > start || (key as Scalar).source !== '') return [start, end];
  const colon = /^(?:[ \t\r\n]|#[^\n]*)*:/.exec(text.slice(start, start + 1000));
  return colon ? [start + colon[0].length - 1, start + colon[0].length] : [start, end];
}

/** Offset where an entry starts: its key, or its value when the key is empty. */
export function pairStart(pair: Pair): number | null {
  const key = pair.key as Node | null;
  const value = pair.value as Node | null;
  return key?.range?.[0] ?? value?.range?.[0] ?? null;
}
