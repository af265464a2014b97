import { isMap, isSeq, Node, Pair } from 'yaml';

/** A block mapping key written without `?` whose `:` is on a later line. */
export interface MultilineKey {
  key: Node;
  /** Offset of the `:` that belongs to the key. */
  colon: number;
}

/** A line (not the first) whose first character is a `:` indicator: where such a key's `:` is. */
const COLON_LINE = /\n[ \t]*:(?![^ \t\r\n])/g;

/**
 * Implicit keys (written without `?`) whose `:` is on a later line. YAML allows an implicit key on one line only, and
 * yaml.v2, which Convox reads manifests with, rejects the file ("could not find expected ':'"); the `yaml` library
 * accepts some of them (when the `:` is indented more than the key). Such a `:` starts its line, which is rare, so
 * the text is searched for those lines and only they are looked up in the tree (~0.5 ms at 16,500 lines).
 */
export function multilineImplicitKeys(text: string, root: Node | null): MultilineKey[] {
  const found: MultilineKey[] = [];
  for (const match of text.matchAll(COLON_LINE)) {
    const colon = match.index! + match[0].length - 1;
    const pair = pairOfColon(root, colon);
    const key = pair?.key as Node | null | undefined;
    // An empty key (a line that starts with `:`, valid YAML) has no extent: yaml puts it where the content before ends.
    if (!key?.range || key.range[0] === key.range[1] || !text.slice(key.range[1], colon).includes('\n')) continue;
    const lineStart = text.lastIndexOf('\n', key.range[0] - 1) + 1;
    if (/\?[ \t]*$/.test(text.slice(lineStart, key.range[0]))) continue; // an explicit key: `? key` then `: value`
    found.push({ key, colon });
  }
  return found;
}

/** The block mapping pair whose key ends before `colon` and whose value (if any) starts after it. */
function pairOfColon(node: Node | null | undefined, colon: number): Pair | undefined {
  for (let depth = 0; node?.range && depth < 10_000; depth++) {
    if (colon < node.range[0] || colon > node.range[2]) return undefined;
    if (isMap(node)) {
      if (node.flow) return undefined;
      const pair = lastStartingBefore(node.items, colon, (item) => item.key as Node | null);
      const key = pair?.key as Node | null | undefined;
      if (!pair || !key?.range) return undefined;
      const value = pair.value as Node | null;
      if (key.range[1] <= colon && (!value?.range || value.range[0] > colon)) return pair;
      node = value;
    } else if (isSeq(node)) {
      node = lastStartingBefore(node.items, colon, (item) => item as Node | null) as Node | undefined;
    } else {
      return undefined;
    }
  }
  return undefined;
}

/** The last of `items` (in document order) whose node starts at or before `offset`. */
function lastStartingBefore<T>(items: T[], offset: number, nodeOf: (item: T) => Node | null | undefined): T | undefined {
  for (let index = items.length - 1; index >= 0; index--) {
    const start = nodeOf(items[index])?.range?.[0];
    if (start !== undefined && start <= offset) return items[index];
  }
  return undefined;
}
