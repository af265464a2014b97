import { Alias, Document, isAlias, isCollection, isPair, isScalar, Node, YAMLMap, YAMLSeq } from 'yaml';

/**
 * One iterative walk over a parsed YAML document that every later reader relies on:
 * - the node each alias names, so aliases resolve in constant time (the yaml library's `alias.resolve(doc)` walks the
 *   whole document on every call: 20,000 `*a` in an 80 KB file cost minutes);
 * - how deep the document nests, counting what aliases and merge keys bring in, so recursive readers (toPlain, ajv,
 *   the model, yaml's own `visit`) are only handed documents they can walk without overflowing the stack.
 * Being iterative, the walk itself is safe at any depth.
 */
export interface Structure {
  /** The node each alias names (the last node with that anchor before it), undefined for unknown anchors. */
  targets: Map<Alias, Node | undefined>;
  /** Every node with an anchor, in document order. */
  anchored: Node[];
  /** Nesting of collections, aliases followed (an alias that refers to its own ancestor adds nothing). */
  height: number;
  /** Where nesting passes `limit` (a node at that depth, or the alias that leads there); undefined when it does not. */
  tooDeep(limit: number): Node | undefined;
}

const cache = new WeakMap<Document, Structure>();

/** The structure of `doc` (computed once per Document object: every parsed version is a new one). */
export function structureOf(doc: Document): Structure {
  let structure = cache.get(doc);
  if (!structure) cache.set(doc, (structure = analyze(doc.contents)));
  return structure;
}

/** The node `alias` names in `doc`; undefined for an unknown anchor or an alias that is not in `doc`. */
export function resolveAlias(doc: Document, alias: Alias): Node | undefined {
  return structureOf(doc).targets.get(alias);
}

/** The keys and values (or items) of a collection, in document order. */
function forEachChild(node: unknown, visit: (child: unknown) => void): void {
  if (!isCollection(node)) return;
  for (const item of node.items) {
    if (isPair(item)) {
      visit(item.key);
      visit(item.value);
    } else visit(item);
  }
}

/**
 * Heights of collections with no anchor or alias anywhere inside: nothing outside changes them, and the incremental
 * parse (incremental.ts) keeps such nodes from one version to the next, so only what an edit touched is walked.
 */
const PLAIN_HEIGHTS = new WeakMap<object, number>();

function analyze(root: unknown): Structure {
  const targets = new Map<Alias, Node | undefined>();
  const heights = new Map<unknown, number>();
  const latest = new Map<string, Node>();
  const anchored: Node[] = [];
  // Depth-first, in document order (keys before values): an alias names the last anchor defined before it, which is
  // either finished by then or one of its ancestors (a cycle, which adds no depth).
  const stack: { node: unknown; exit: boolean }[] = [{ node: root, exit: false }];
  // Children that hold nothing to record are not visited: scalars without an anchor, and collections whose height is
  // known (kept from an earlier version; by definition they hold no anchor or alias). After a keystroke that leaves
  // only the root and the edited section to walk, not an entry per service.
  const pushChild = (child: unknown): void => {
    if (!child || typeof child !== 'object' || (isScalar(child) && !child.anchor) || (isCollection(child) && PLAIN_HEIGHTS.has(child))) return;
    stack.push({ node: child, exit: false });
  };
  const pushChildren = (node: YAMLMap | YAMLSeq): void => {
    // Popped nearest first, so pushed in reverse document order.
    for (let i = node.items.length - 1; i >= 0; i--) {
      const item = node.items[i];
      if (isPair(item)) {
        pushChild(item.value);
        pushChild(item.key);
      } else pushChild(item);
    }
  };
  while (stack.length) {
    const { node, exit } = stack.pop()!;
    if (!node || typeof node !== 'object') continue;
    if (exit) {
      let max = 0;
      let plain = !(node as Node).anchor;
      forEachChild(node, (child) => {
        max = Math.max(max, heightOf(child));
        if (plain && child) plain = isScalar(child) ? !child.anchor : isCollection(child) && PLAIN_HEIGHTS.has(child);
      });
      heights.set(node, max + 1);
      if (plain) PLAIN_HEIGHTS.set(node, max + 1);
      continue;
    }
    if (isAlias(node)) {
      targets.set(node, latest.get(node.source));
      continue;
    }
    if (isCollection(node) && PLAIN_HEIGHTS.has(node)) continue; // an unchanged root: heightOf reads it
    if ((isScalar(node) || isCollection(node)) && node.anchor) {
      latest.set(node.anchor, node as Node);
      anchored.push(node as Node);
    }
    if (!isCollection(node)) continue;
    stack.push({ node, exit: true });
    pushChildren(node);
  }

  function heightOf(node: unknown): number {
    if (isAlias(node)) {
      const target = targets.get(node);
      return target ? (heights.get(target) ?? 0) : 0;
    }
    return heights.get(node) ?? (isCollection(node) ? PLAIN_HEIGHTS.get(node) : undefined) ?? 0;
  }

  return {
    targets,
    anchored,
    height: heightOf(root),
    tooDeep(limit) {
      if (heightOf(root) <= limit) return undefined;
      let node: unknown = root;
      for (let depth = 1; ; depth++) {
        if (isAlias(node) || depth > limit) return node as Node;
        let next: unknown;
        forEachChild(node, (child) => {
          if (next === undefined || heightOf(child) > heightOf(next)) next = child;
        });
        if (next === undefined) return node as Node;
        node = next;
      }
    },
  };
}
