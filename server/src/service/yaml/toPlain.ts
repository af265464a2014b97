import { isAlias, isMap, isScalar, isSeq, Alias, Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';

/**
 * Where a value of the plain tree came from. `node` is the YAML node that holds the value; `keyNode` the key of its
 * pair (for map entries). `via` is set when the value reached this place through an alias or a merge key: diagnostics
 * then point at that alias, where the value is used, not at the anchor it was defined under.
 */
export interface SourceEntry {
  node: Node | null;
  keyNode?: Node;
  via?: Node;
}

/** Source of every entry of one converted map or list, by key (maps) or index (lists). */
export interface SourceInfo {
  node: YAMLMap | YAMLSeq;
  entries: Map<string | number, SourceEntry>;
}

export type Plain = null | string | number | boolean | Plain[] | { [key: string]: Plain };

export interface PlainTree {
  value: Plain;
  sources: WeakMap<object, SourceInfo>;
  /** Alias problems found while converting (cycles, expansion limit); reported as diagnostics. */
  aliasErrors: { node: Node; message: string }[];
}

/**
 * Conversions of subtrees without aliases, which depend on nothing outside them. DocumentCache's incremental parse
 * keeps the nodes an edit did not touch, so converting a new version converts only what changed; the plain values
 * (never mutated by their readers) and their sources are shared between versions. `count` is the subtree's number
 * of nodes, charged again to the expansion budget when an alias brings it in.
 */
const CONVERTED = new WeakMap<Node, { value: Plain; count: number }>();
const SOURCES = new WeakMap<object, SourceInfo>();

/**
 * Aliases can expand exponentially ("billion laughs"); past this many nodes converted through aliases expansion stops.
 * Real manifests expand to a few thousand (300 services merging a base); every check then walks the expansion, and a
 * bomb at 200,000 took over a second per keystroke. Nodes written in the document are not counted: its size is
 * bounded already (limits.ts), and a large manifest without aliases is not a bomb.
 */
const MAX_EXPANDED_NODES = 50_000;
/**
 * Deeper than this (through aliases) conversion stops, so it cannot overflow the stack. Documents nested past
 * limits.ts MAX_NESTING_DEPTH never get here; this catches what aliases into their own ancestors can still add.
 */
const MAX_EXPANDED_DEPTH = 200;

/**
 * The text of a map key as Convox sees it. yaml.v2 reads keys as strings for the maps we care about, so the key's
 * source text is used rather than its YAML 1.1 value (`y:` would otherwise become the boolean `true`).
 */
export function keyText(key: unknown): string {
  if (isScalar(key)) {
    const scalar = key as Scalar;
    if (scalar.type === 'PLAIN' && typeof scalar.source === 'string') return scalar.source;
    return scalar.value === null || scalar.value === undefined ? '' : String(scalar.value);
  }
  if (isAlias(key)) return `*${(key as Alias).source}`;
  return '';
}

export function isMergeKey(pair: Pair): boolean {
  return isScalar(pair.key) && keyText(pair.key) === '<<';
}

/**
 * Converts a YAML node to plain JSON-like data for schema validation, resolving aliases and merge keys (also the
 * quoted `"<<"` form Convox accepts), and records for every map and list where each entry came from.
 */
export function toPlain(root: Node | null, resolveAlias: (alias: Alias) => Node | undefined): PlainTree {
  const sources = SOURCES;
  const aliasErrors: PlainTree['aliasErrors'] = [];
  const active = new Set<Node>();
  let budget = MAX_EXPANDED_NODES;
  let budgetReported = false;
  /** Nodes converted so far (the size of a subtree is the difference), and how many aliases the current one is inside. */
  let converted = 0;
  let throughAliases = 0;
  let depth = 0;
  let aliasesSeen = 0;

  function resolve(alias: Alias): Node | null {
    aliasesSeen++;
    const target = resolveAlias(alias);
    if (!target) {
      aliasErrors.push({ node: alias, message: `Unknown anchor &${alias.source}: define it before using *${alias.source}.` });
      return null;
    }
    if (active.has(target)) {
      aliasErrors.push({ node: alias, message: `Alias *${alias.source} refers to a node that contains it; the value would be infinite.` });
      return null;
    }
    return target;
  }

  /** A node an alias refers to (directly, or as a merge key's source): its nodes are charged to the budget. */
  function convertAliased(target: Node): Plain {
    throughAliases++;
    try {
      return convert(target);
    } finally {
      throughAliases--;
    }
  }

  function convert(node: Node | null | undefined): Plain {
    if (!node) return null;
    converted++;
    if (throughAliases > 0 && --budget < 0) {
      if (!budgetReported) {
        budgetReported = true;
        aliasErrors.push({ node, message: `Aliases expand to more than ${MAX_EXPANDED_NODES} values; expansion stopped here. Reduce nested aliases.` });
      }
      return null;
    }
    if (isAlias(node)) {
      const target = resolve(node);
      return target ? convertAliased(target) : null;
    }
    if (isScalar(node)) {
      const value = node.value;
      if (typeof value === 'bigint') return Number(value);
      if (value === undefined) return null;
      return value as Plain;
    }
    if (depth >= MAX_EXPANDED_DEPTH) {
      aliasErrors.push({ node, message: `Aliases nest values more than ${MAX_EXPANDED_DEPTH} levels deep; expansion stopped here. Reduce nested aliases.` });
      return null;
    }
    const known = CONVERTED.get(node);
    if (known && (throughAliases === 0 || budget >= known.count - 1)) {
      converted += known.count - 1;
      if (throughAliases > 0) budget -= known.count - 1;
      return known.value;
    }
    const before = { converted: converted - 1, aliases: aliasesSeen, errors: aliasErrors.length };
    active.add(node);
    depth++;
    let value: Plain = null;
    try {
      if (isMap(node)) value = convertMap(node);
      else if (isSeq(node)) value = convertSeq(node);
    } finally {
      depth--;
      active.delete(node);
    }
    if (value !== null && aliasesSeen === before.aliases && aliasErrors.length === before.errors && !budgetReported) {
      CONVERTED.set(node, { value, count: converted - before.converted });
    }
    return value;
  }

  function convertMap(map: YAMLMap): Plain {
    const out: { [key: string]: Plain } = {};
    const info: SourceInfo = { node: map, entries: new Map() };
    sources.set(out, info);
    // Explicit keys win over merged ones whatever their order, as in yaml.v2.
    const explicit = new Set<string>();
    for (const pair of map.items) if (!isMergeKey(pair)) explicit.add(keyText(pair.key));
    for (const pair of map.items) {
      if (isMergeKey(pair)) {
        mergeInto(out, info, explicit, pair);
        continue;
      }
      const key = keyText(pair.key);
      setOwn(out, key, convert(pair.value as Node | null));
      info.entries.set(key, { node: (pair.value as Node) ?? null, keyNode: pair.key as Node, via: isAlias(pair.value) ? (pair.value as Node) : undefined });
    }
    return out;
  }

  function mergeInto(out: { [key: string]: Plain }, info: SourceInfo, explicit: Set<string>, pair: Pair): void {
    const value = pair.value as Node | null;
    const sourcesToMerge: Node[] = isSeq(value) ? (value.items as Node[]) : value ? [value] : [];
    for (const item of sourcesToMerge) {
      const target = isAlias(item) ? resolve(item) : item;
      if (!isMap(target)) continue;
      const merged = (isAlias(item) ? convertAliased(target) : convert(target)) as { [key: string]: Plain } | null;
      const mergedInfo = merged ? sources.get(merged) : undefined;
      if (!merged || !mergedInfo) continue;
      for (const [key, mergedValue] of Object.entries(merged)) {
        if (explicit.has(key) || Object.prototype.hasOwnProperty.call(out, key)) continue;
        setOwn(out, key, mergedValue);
        const entry = mergedInfo.entries.get(key);
        info.entries.set(key, { node: entry?.node ?? null, keyNode: entry?.keyNode, via: item });
      }
    }
  }

  function convertSeq(seq: YAMLSeq): Plain {
    const out: Plain[] = [];
    const info: SourceInfo = { node: seq, entries: new Map() };
    sources.set(out, info);
    seq.items.forEach((item, index) => {
      out.push(convert(item as Node));
      info.entries.set(index, { node: (item as Node) ?? null, via: isAlias(item) ? (item as Node) : undefined });
    });
    return out;
  }

  return { value: convert(root), sources, aliasErrors };
}

/**
 * `out[key] = value` for any key a manifest may hold: assigning `__proto__` would set the object's prototype instead
 * (and the key would vanish from the checks).
 */
function setOwn(out: { [key: string]: Plain }, key: string, value: Plain): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/** The source of the value at `path` in a converted tree; `via` is the first alias crossed on the way, if any. */
export function sourceAt(tree: PlainTree, path: readonly (string | number)[]): SourceEntry | undefined {
  let value: Plain = tree.value;
  let last: SourceEntry | undefined;
  let via: Node | undefined;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') break;
    const info = tree.sources.get(value);
    const entry = info?.entries.get(Array.isArray(value) ? Number(segment) : String(segment));
    if (!entry) break;
    via = via ?? entry.via;
    last = entry;
    value = Array.isArray(value) ? value[Number(segment)] : (value as { [key: string]: Plain })[String(segment)];
  }
  return last && { ...last, via };
}
