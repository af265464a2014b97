import { DocumentSymbol, SymbolKind } from 'vscode-languageserver-types';
import { isMap, isScalar, isSeq, Node, Pair } from 'yaml';
import type { ManifestDocument } from '../document';
import { contentEnd, deref, mapValue, pairStart, scalarString } from '../yaml/nodes';
import { isMergeKey, keyText } from '../yaml/toPlain';

/** Past this many symbols (huge generated manifests) the outline stops growing. */
export const MAX_SYMBOLS = 5_000;

const SECTIONS = new Set(['services', 'resources', 'timers', 'balancers', 'configs']);
const ENTRY_KIND: Record<string, SymbolKind> = {
  services: SymbolKind.Class,
  resources: SymbolKind.Struct,
  timers: SymbolKind.Event,
  balancers: SymbolKind.Interface,
};

/**
 * The outline: top-level keys, the entries of each section and each entry's own keys. Only keys written in the
 * entry appear; keys merged in with `<<: *anchor` live elsewhere in the file and are left out.
 */
export function documentSymbols(doc: ManifestDocument): DocumentSymbol[] {
  const yaml = doc.yaml;
  const text = doc.text;
  let count = 0;

  /** A symbol for a map entry, or undefined when the budget is spent or the entry has no position. */
  const pairSymbol = (pair: Pair, kind: SymbolKind, detail?: string): DocumentSymbol | undefined => {
    if (count >= MAX_SYMBOLS) return undefined;
    const start = pairStart(pair);
    if (start === null) return undefined;
    const key = pair.key as Node | null;
    const keyRange = key?.range;
    const keyEnd = keyRange ? keyRange[1] : start;
    const end = Math.max(contentEnd(text, pair) ?? keyEnd, keyEnd);
    count++;
    return symbol(keyText(key), kind, detail, [start, end], keyRange ? [keyRange[0], keyRange[1]] : [start, start]);
  };

  const symbol = (name: string, kind: SymbolKind, detail: string | undefined, range: [number, number], selection: [number, number]): DocumentSymbol => {
    const result: DocumentSymbol = {
      name: name === '' ? '""' : name,
      kind,
      range: doc.range(range[0], range[1]),
      selectionRange: doc.range(Math.max(selection[0], range[0]), Math.min(selection[1], range[1])),
    };
    if (detail) result.detail = detail;
    return result;
  };

  /** The explicit (not merged, not aliased) entries of a map value. */
  const ownPairs = (node: unknown): Pair[] => (isMap(node) ? (node.items as Pair[]).filter((pair) => !isMergeKey(pair)) : []);

  const environmentChildren = (node: unknown): DocumentSymbol[] => {
    const out: DocumentSymbol[] = [];
    if (isSeq(node)) {
      for (const item of node.items) {
        if (count >= MAX_SYMBOLS) break;
        if (!isScalar(item) || !item.range) continue;
        const value = scalarString(item);
        const name = value?.split('=')[0].trim();
        if (!name) continue;
        const end = contentEnd(text, item) ?? item.range[1];
        count++;
        out.push(symbol(name, SymbolKind.Variable, undefined, [item.range[0], end], [item.range[0], end]));
      }
    } else {
      for (const pair of ownPairs(node)) {
        const child = pairSymbol(pair, SymbolKind.Variable);
        if (child) out.push(child);
      }
    }
    return out;
  };

  const entryChildren = (value: unknown, section: string): DocumentSymbol[] => {
    const out: DocumentSymbol[] = [];
    for (const pair of ownPairs(value)) {
      const child = pairSymbol(pair, SymbolKind.Property);
      if (!child) continue;
      if (section === 'services' && keyText(pair.key) === 'environment') {
        const variables = environmentChildren(pair.value);
        if (variables.length) child.children = variables;
      }
      out.push(child);
    }
    return out;
  };

  const configChildren = (value: unknown): DocumentSymbol[] => {
    const out: DocumentSymbol[] = [];
    if (!isSeq(value)) return out;
    for (const item of value.items) {
      if (count >= MAX_SYMBOLS) break;
      if (!isMap(item) || !item.range) continue;
      const idPair = ownPairs(item).find((pair) => keyText(pair.key) === 'id');
      const id = idPair?.value as Node | null | undefined;
      const name = scalarString(id);
      if (!isScalar(id) || !id.range || !name) continue;
      const end = contentEnd(text, item) ?? id.range[1];
      count++;
      out.push(symbol(name, SymbolKind.File, undefined, [item.range[0], end], [id.range[0], id.range[1]]));
    }
    return out;
  };

  const symbols: DocumentSymbol[] = [];
  for (const pair of ownPairs(yaml.contents)) {
    const name = keyText(pair.key);
    const isSection = SECTIONS.has(name);
    const top = pairSymbol(pair, isSection ? SymbolKind.Namespace : SymbolKind.Property);
    if (!top) continue;
    symbols.push(top);
    let children: DocumentSymbol[] = [];
    if (name === 'configs') {
      children = configChildren(pair.value);
    } else if (name === 'environment') {
      children = environmentChildren(pair.value);
    } else if (isSection) {
      for (const entry of ownPairs(pair.value)) {
        const child = pairSymbol(entry, ENTRY_KIND[name], describe(doc, name, deref(doc.yaml, entry.value)));
        if (!child) continue;
        const grandchildren = entryChildren(entry.value, name);
        if (grandchildren.length) child.children = grandchildren;
        children.push(child);
      }
    }
    if (children.length) top.children = children;
  }
  return symbols;
}

/** The one-line description of a service, resource, timer or balancer, read as Convox reads it (merges followed). */
function describe(doc: ManifestDocument, section: string, value: Node | null): string | undefined {
  const yaml = doc.yaml;
  const get = (node: unknown, key: string) => scalarString(mapValue(yaml, node, key))?.trim() || undefined;
  const parts: string[] = [];
  switch (section) {
    case 'services': {
      const image = get(value, 'image');
      const build = mapValue(yaml, value, 'build');
      if (image) parts.push(`image ${image}`);
      else if (isMap(build)) parts.push(`build ${get(build, 'path') ?? '.'}`);
      else if (scalarString(build)?.trim()) parts.push(`build ${scalarString(build)!.trim()}`);
      const portNode = mapValue(yaml, value, 'port');
      const port = isMap(portNode) ? [get(portNode, 'scheme'), get(portNode, 'port')].filter(Boolean).join(':') : scalarString(portNode)?.trim();
      if (port) parts.push(`port ${port}`);
      return parts.join(' · ') || undefined;
    }
    case 'resources':
      return get(value, 'type');
    case 'timers': {
      const schedule = get(value, 'schedule');
      const service = get(value, 'service');
      if (schedule && service) return `${schedule} → ${service}`;
      return schedule ?? (service ? `→ ${service}` : undefined);
    }
    case 'balancers': {
      const service = get(value, 'service');
      return service ? `→ ${service}` : undefined;
    }
    default:
      return undefined;
  }
}
