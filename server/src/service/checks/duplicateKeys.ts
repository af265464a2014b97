import { isCollection, isMap, isPair, isScalar, Node, Pair, YAMLMap } from 'yaml';
import type { Check } from '../diagnostics/rule';
import { isMergeKey, keyText } from '../yaml/toPlain';

const NAMED_SECTIONS: Record<string, string> = { services: 'service', resources: 'resource', timers: 'timer', balancers: 'balancer' };

/**
 * A key written twice in one map. yaml.v2 (Convox's parser) does not object: in `services`, `resources`, `timers`
 * and `balancers` it keeps both entries (two services with one name), elsewhere the last value silently wins.
 */
export const duplicateKeys: Check = {
  rules: [{ code: 'duplicate-key', severity: 'error', title: 'A key appears twice in the same map' }],
  run(context) {
    const { document } = context;
    const root = document.yaml.contents;
    const checkMap = (map: YAMLMap, parent: Pair | undefined): boolean => {
      const seen = new Map<string, Node>();
      const section = isMap(root) && map !== root && parent ? sectionOf(parent, root) : undefined;
      let clean = true;
      for (const pair of map.items) {
        if (isMergeKey(pair) || !isScalar(pair.key)) continue;
        const key = keyText(pair.key);
        const first = seen.get(key);
        if (!first) {
          seen.set(key, pair.key as Node);
          continue;
        }
        clean = false;
        const [start, end] = (pair.key as Node).range ?? [0, 0];
        const firstLine = document.lines.positionAt(first.range?.[0] ?? 0).line + 1;
        context.report({
          code: 'duplicate-key',
          location: { start, end },
          message: section
            ? `${section} "${key}" is defined twice (first on line ${firstLine}). Convox keeps both entries and uses the first one, so this one is deployed inconsistently. Rename or remove one.`
            : `Duplicate key "${key}" (first on line ${firstLine}): Convox silently uses the last value. Remove one of them.`,
          related: [{ location: { uri: document.uri, range: document.nodeRange(first) }, message: `first "${key}"` }],
        });
      }
      return clean;
    };
    // Every map, parents before children and keys before values (yaml's `visit` order); true when none below
    // `node` repeats a key.
    const walk = (node: unknown, parent: Pair | undefined): boolean => {
      if (!isCollection(node) || CLEAN.has(node)) return true;
      let clean = isMap(node) ? checkMap(node, parent) : true;
      for (const item of node.items) {
        if (isPair(item)) {
          if (!walk(item.key, item)) clean = false;
          if (!walk(item.value, item)) clean = false;
        } else if (!walk(item, undefined)) clean = false;
      }
      if (clean) CLEAN.add(node);
      return clean;
    };
    walk(root, undefined);
  },
};

/**
 * Collections with no repeated key anywhere below them. The incremental parse shares unchanged nodes between
 * versions (and copies the maps it changes), so a keystroke only walks what it touched.
 */
const CLEAN = new WeakSet<object>();

function sectionOf(parent: Pair, root: unknown): string | undefined {
  if (!isMap(root)) return undefined;
  const owner = root.items.find((pair) => pair === parent);
  return owner ? NAMED_SECTIONS[keyText(owner.key)] : undefined;
}
