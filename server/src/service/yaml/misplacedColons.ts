import { isMap, isSeq, Node, Pair, YAMLMap } from 'yaml';
import { entryStart } from './nodes';

/**
 * A `:` of a block mapping entry that yaml.v2, which Convox reads manifests with, rejects but the `yaml` library
 * accepts: the `:` of an implicit key (written without `?`) on a later line than the key (`key` is that key), or a
 * `:` with no key before it away from where the mapping's keys start (`key` undefined).
 */
export interface MisplacedColon {
  colon: number;
  key?: Node;
}

/** A `:` indicator first on a line (not the first line), or right after a flow collection (`command: [a, b]: c`). */
const CANDIDATE = /[\n\]}][ \t]*:(?![^ \t\r\n])/g;

/**
 * YAML allows an implicit key on one line only, and yaml.v2 rejects the file when a key's `:` is on a later line
 * ("could not find expected ':'"); the `yaml` library accepts some (when the `:` is indented more than the key). A `:`
 * with no key before it is an entry with an empty key, which yaml.v2 takes only where the mapping's keys start
 * (`: value` at their indentation); elsewhere it starts a mapping where none can be ("did not find expected key") or
 * makes the flow collection before it a key (which no Convox field can hold), while the `yaml` library adds an entry
 * with an empty key to the mapping around it. Such `:`s start their line or follow a `]` or `}`, which is rare, so
 * the text is searched for those (one pass, ~0.7 ms at 16,500 lines) and only they are looked up in the tree.
 */
export function misplacedColons(text: string, root: Node | null): MisplacedColon[] {
  const found: MisplacedColon[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    const colon = match.index! + match[0].length - 1;
    const entry = entryOfColon(root, colon);
    const key = entry?.pair.key as Node | null | undefined;
    if (!entry || !key?.range) continue;
    if (key.range[0] === key.range[1]) {
      // An empty key: yaml puts it where the content before the `:` ends.
      const keys = keysColumn(text, entry.map);
      if (keys !== undefined && column(text, colon) !== keys) found.push({ colon });
    } else if (match[0][0] === '\n' && text.slice(key.range[1], colon).includes('\n')) {
      const lineStart = text.lastIndexOf('\n', key.range[0] - 1) + 1;
      if (/\?[ \t]*$/.test(text.slice(lineStart, key.range[0]))) continue; // an explicit key: `? key` then `: value`
      found.push({ colon, key });
    }
  }
  return found;
}

/** The column where the entries of a block map start (at an anchor or tag before the key), from its first non-empty key. */
function keysColumn(text: string, map: YAMLMap): number | undefined {
  for (const pair of map.items) {
    const range = (pair.key as Node | null)?.range;
    if (range && range[1] > range[0]) return column(text, entryStart(text, range[0]));
  }
  return undefined;
}

/** Characters from the start of the line (a byte order mark is not one). */
function column(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return offset - lineStart - (lineStart === 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0);
}

/** The block mapping entry whose key ends before `colon` and whose value (if any) starts after it, with its map. */
function entryOfColon(node: Node | null | undefined, colon: number): { pair: Pair; map: YAMLMap } | undefined {
  for (let depth = 0; node?.range && depth < 10_000; depth++) {
    if (colon < node.range[0] || colon > node.range[2]) return undefined;
    if (isMap(node)) {
      if (node.flow) return undefined;
      const pair = lastStartingBefore(node.items, colon, (item) => item.key as Node | null);
      const key = pair?.key as Node | null | undefined;
      if (!pair || !key?.range) return undefined;
      const value = pair.value as Node | null;
      if (key.range[1] <= colon && (!value?.range || value.range[0] > colon)) return { pair, map: node };
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
