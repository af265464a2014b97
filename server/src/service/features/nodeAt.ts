import { isMap, isScalar, isSeq, Node, Pair } from 'yaml';
import type { ManifestDocument } from '../document';
import { keyText } from '../yaml/toPlain';

export interface NodeAtOffset {
  /** Keys and list indexes from the root to the key or value under the cursor. */
  path: (string | number)[];
  /** The scalar under the cursor (a key or a value). */
  node: Node;
  onKey: boolean;
  pair?: Pair;
}

function contains(node: Node | null | undefined, offset: number): boolean {
  const range = node?.range;
  return Boolean(range && range[0] <= offset && offset <= range[1]);
}

/** The key or scalar value at an offset, with its path; descends through maps and lists (not through aliases). */
export function nodeAt(document: ManifestDocument, offset: number): NodeAtOffset | undefined {
  const path: (string | number)[] = [];
  let current = document.yaml.contents as Node | null;
  for (let depth = 0; current && depth < 10_000; depth++) {
    if (isMap(current)) {
      const pair = current.items.find((item) => contains(item.key as Node, offset) || containsValue(item, offset));
      if (!pair) return undefined;
      const key = keyText(pair.key);
      path.push(key);
      if (contains(pair.key as Node, offset)) return { path, node: pair.key as Node, onKey: true, pair };
      current = pair.value as Node;
      if (isScalar(current)) return contains(current, offset) ? { path, node: current, onKey: false, pair } : undefined;
    } else if (isSeq(current)) {
      const index = current.items.findIndex((item) => contains(item as Node, offset) || (item && containsRange(item as Node, offset)));
      if (index === -1) return undefined;
      path.push(index);
      current = current.items[index] as Node;
      if (isScalar(current)) return contains(current, offset) ? { path, node: current, onKey: false } : undefined;
    } else {
      return undefined;
    }
  }
  return undefined;
}

function containsValue(pair: Pair, offset: number): boolean {
  const value = pair.value as Node | null;
  return Boolean(value?.range && value.range[0] <= offset && offset <= value.range[2]);
}

function containsRange(node: Node, offset: number): boolean {
  return Boolean(node.range && node.range[0] <= offset && offset <= node.range[2]);
}
