import { Alias, isAlias, isMap, isScalar, isSeq, Node, Pair, parseDocument, Scalar, visit, YAMLMap, YAMLParseError, YAMLSeq } from 'yaml';
import { MAX_NESTING_DEPTH } from '../limits';
import { withComposeLineBreaksAsLineFeeds } from '../text/lineBreaks';
import { parseAllDocumentsBounded } from '../yaml/parse';
import { structureOf } from '../yaml/structure';
import { isMergeKey, keyText } from '../yaml/toPlain';

/**
 * A compose file as docker compose reads it (YAML 1.2, merge keys, `!reset` / `!override` tags), turned into a
 * small tree with aliases and merge keys resolved, where every value remembers the file and offsets it came from.
 * A value that arrived through an alias or a merge key points at that alias (where it is used), like the
 * manifest checks do.
 */

export interface Span {
  /** Index into the loaded files (0 = the converted file). */
  file: number;
  start: number;
  end: number;
}

interface Base {
  span: Span;
  /** `!reset` or `!override`, the compose merge tags. */
  tag?: string;
}

export interface CScalar extends Base {
  kind: 'scalar';
  value: string | number | boolean | null;
  /** The scalar as text: the source of a plain scalar (`1.10` stays `1.10`), the value of a quoted one. */
  text: string;
}
export interface CSeq extends Base {
  kind: 'seq';
  items: CValue[];
}
export interface CMap extends Base {
  kind: 'map';
  entries: CEntry[];
}
export type CValue = CScalar | CSeq | CMap;

export interface CEntry {
  key: string;
  keySpan: Span;
  value: CValue;
}

export interface LoadedFile {
  name: string;
  text: string;
}

export interface Loaded {
  root: CValue | null;
  /** YAML syntax errors (the file cannot be converted). */
  errors: { message: string; span: Span }[];
}

/** Aliases can expand exponentially ("billion laughs"): past this many values brought in by aliases the file is refused. */
const MAX_ALIASED_NODES = 100_000;

const COMPOSE_YAML = { version: '1.2', merge: true, uniqueKeys: false, prettyErrors: false } as const;

/** Parses one compose file (the first YAML document) into the tree. */
export function loadYaml(source: string, file: number): Loaded {
  const text = withComposeLineBreaksAsLineFeeds(source);
  // Composing recurses once per level: a hostile file nesting thousands of levels would overflow the stack. The
  // bounded parse measures each document's syntax tree as it is built (one pass over the text, not two).
  const parsed = parseAllDocumentsBounded(text, COMPOSE_YAML, MAX_NESTING_DEPTH);
  if ('tooDeep' in parsed) return { root: null, errors: [{ message: `values nested more than ${MAX_NESTING_DEPTH} levels deep`, span: { file, start: parsed.tooDeep, end: parsed.tooDeep + 1 } }] };
  // As parseDocument reads a file: the first document (an empty one for an empty file), and an error if there are more.
  const [doc = parseDocument(text, COMPOSE_YAML), second] = parsed.docs;
  if (second) doc.errors.push(new YAMLParseError([second.range[0], second.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
  const errors = doc.errors.map((error) => ({ message: error.message.split('\n')[0], span: { file, start: error.pos[0], end: error.pos[1] } }));
  if (errors.length) return { root: null, errors };
  // The same through chains of aliases, which the tree below follows.
  const deepAlias = structureOf(doc).tooDeep(MAX_NESTING_DEPTH)?.range?.[0];
  if (deepAlias !== undefined) return { root: null, errors: [{ message: `aliases nest values more than ${MAX_NESTING_DEPTH} levels deep`, span: { file, start: deepAlias, end: deepAlias + 1 } }] };
  let budget = MAX_ALIASED_NODES;
  let throughAliases = 0;
  let exhaustedAt: Span | undefined;
  const active = new Set<Node>();

  const span = (node: Node | null | undefined, fallback: number): Span => ({ file, start: node?.range?.[0] ?? fallback, end: node?.range?.[1] ?? fallback });

  // Anchors by name, in document order: `Alias.resolve` searches the whole document for each alias, which is slow
  // in files with hundreds of them. An alias refers to the last anchor of its name before it.
  const anchors = new Map<string, Node[]>();
  visit(doc, {
    Node(_, node) {
      const anchor = (node as { anchor?: string }).anchor;
      if (!anchor || isAlias(node)) return;
      const list = anchors.get(anchor);
      if (list) list.push(node as Node);
      else anchors.set(anchor, [node as Node]);
    },
  });
  /** The last node anchored with the alias's name before it (a binary search: a file may redefine one name thousands of times). */
  function resolve(alias: Alias): Node | undefined {
    const at = alias.range?.[0] ?? Infinity;
    const candidates = anchors.get(alias.source) ?? [];
    let low = 0;
    let high = candidates.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((candidates[mid].range?.[0] ?? 0) < at) low = mid + 1;
      else high = mid;
    }
    return candidates[low - 1];
  }

  function build(node: Node | null, fallback: number, via?: Span): CValue {
    if (throughAliases > 0 && --budget < 0) {
      exhaustedAt ??= via ?? span(node, fallback);
      return { kind: 'scalar', value: null, text: '', span: via ?? span(node, fallback) };
    }
    if (isAlias(node)) {
      const target = resolve(node);
      const at = via ?? span(node, fallback);
      if (!target || active.has(target)) return { kind: 'scalar', value: null, text: '', span: at };
      active.add(target);
      throughAliases++;
      const value = build(target, fallback, at);
      throughAliases--;
      active.delete(target);
      return value;
    }
    const here = via ?? span(node, fallback);
    const tag = node?.tag && ['!reset', '!override'].includes(node.tag) ? node.tag : undefined;
    if (isMap(node)) return { kind: 'map', entries: entries(node as YAMLMap, via), span: here, ...(tag && { tag }) };
    if (isSeq(node)) {
      const items = (node as YAMLSeq).items.map((item) => build(item as Node, here.end, via));
      return { kind: 'seq', items, span: here, ...(tag && { tag }) };
    }
    if (isScalar(node)) {
      const scalar = node as Scalar;
      const value = scalar.value;
      const plain = scalar.type === 'PLAIN' && typeof scalar.source === 'string';
      const js = value === null || value === undefined ? null : typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : String(value);
      const text = js === null ? '' : plain ? (scalar.source as string) : String(js);
      return { kind: 'scalar', value: js, text, span: here, ...(tag && { tag }) };
    }
    return { kind: 'scalar', value: null, text: '', span: here, ...(tag && { tag }) };
  }

  function entries(map: YAMLMap, via?: Span): CEntry[] {
    const explicit = new Set(map.items.filter((pair) => !isMergeKey(pair as Pair)).map((pair) => keyText((pair as Pair).key)));
    const out: CEntry[] = [];
    const seen = new Set<string>();
    for (const item of map.items) {
      const pair = item as Pair;
      const keyNode = pair.key as Node | null;
      if (isMergeKey(pair)) {
        // Merged entries sit where the merge key is; explicit keys win, and earlier sources win over later ones.
        const value = pair.value as Node | null;
        const sources = isSeq(value) ? ((value as YAMLSeq).items as Node[]) : value ? [value] : [];
        for (const source of sources) {
          const at = via ?? span(source, keyNode?.range?.[0] ?? 0);
          const merged = build(source, at.start, at);
          if (merged.kind !== 'map') continue;
          for (const entry of merged.entries) {
            if (explicit.has(entry.key) || seen.has(entry.key)) continue;
            seen.add(entry.key);
            out.push(entry);
          }
        }
        continue;
      }
      const key = keyText(pair.key);
      if (seen.has(key)) {
        // A duplicate key: the last one wins, as in docker compose's YAML library (which rejects it outright).
        const index = out.findIndex((entry) => entry.key === key);
        out.splice(index, 1);
      }
      seen.add(key);
      const keySpan = via ?? span(keyNode, 0);
      const valueNode = pair.value as Node | null;
      out.push({ key, keySpan, value: build(valueNode, keyNode?.range?.[1] ?? keySpan.end, via) });
    }
    return out;
  }

  const contents = doc.contents as Node | null;
  const root = contents ? build(contents, 0) : null;
  if (exhaustedAt) return { root: null, errors: [{ message: `aliases expand to more than ${MAX_ALIASED_NODES.toLocaleString('en-US')} values`, span: exhaustedAt }] };
  return { root, errors };
}

// --- reading the tree ---------------------------------------------------------------------------------------------

export function isNull(value: CValue | undefined): boolean {
  return !value || (value.kind === 'scalar' && value.value === null);
}

export function entry(map: CValue | undefined, key: string): CEntry | undefined {
  return map?.kind === 'map' ? map.entries.find((e) => e.key === key) : undefined;
}

export function get(map: CValue | undefined, key: string): CValue | undefined {
  return entry(map, key)?.value;
}

/** A scalar's text (numbers and booleans as written); undefined for null, lists and maps. */
export function text(value: CValue | undefined): string | undefined {
  return value?.kind === 'scalar' && value.value !== null ? value.text : undefined;
}

/**
 * A boolean as docker compose reads it: a YAML boolean (`true`, `True`, `TRUE`), or a string it casts (compose-go's
 * `toBoolean`: `y`, `yes`, `true`, `on` and `n`, `no`, `false`, `off`, in any case). Undefined for anything else.
 */
export function composeBoolean(value: CValue | undefined): boolean | undefined {
  if (value?.kind !== 'scalar') return undefined;
  if (typeof value.value === 'boolean') return value.value;
  const word = value.text.toLowerCase();
  if (word === 'y' || word === 'yes' || word === 'true' || word === 'on') return true;
  if (word === 'n' || word === 'no' || word === 'false' || word === 'off') return false;
  return undefined;
}

/** The value as plain data (for the shared compose parsers that take JSON-like values). */
export function plain(value: CValue | undefined): unknown {
  if (!value) return undefined;
  if (value.kind === 'scalar') return value.value;
  if (value.kind === 'seq') return value.items.map(plain);
  return Object.fromEntries(value.entries.map((e) => [e.key, plain(e.value)]));
}

/** A list's items, a single scalar as a one-item list, nothing for null. */
export function items(value: CValue | undefined): CValue[] {
  if (!value || isNull(value)) return [];
  return value.kind === 'seq' ? value.items : [value];
}

/** Offsets to 0-based line/character, per file (line starts cached). */
export class Positions {
  private readonly starts = new Map<number, number[]>();

  constructor(private readonly files: LoadedFile[]) {}

  position(file: number, offset: number): { line: number; character: number } {
    const text = this.files[file]?.text ?? '';
    let starts = this.starts.get(file);
    if (!starts) {
      starts = [0];
      for (let i = 0; i < text.length; i++) {
        if (text[i] === '\n') starts.push(i + 1);
        else if (text[i] === '\r' && text[i + 1] !== '\n') starts.push(i + 1);
      }
      this.starts.set(file, starts);
    }
    const clamped = Math.max(0, Math.min(offset, text.length));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - starts[low] };
  }
}
