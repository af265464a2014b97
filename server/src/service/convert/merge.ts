import { CEntry, CMap, CScalar, CValue, items, text } from './tree';

/**
 * How docker compose merges one service definition over another (override files given with `-f`, and `extends`):
 * maps merge key by key (lists of `KEY=VALUE` count as maps), lists of ports, volumes and the like are
 * concatenated without duplicates, anything else is replaced. `!reset` removes a key, `!override` replaces it
 * without merging (compose-go `override` package).
 */

/** Keys whose list form is a list of `key=value` (or plain names) that compose merges as a map. */
const KEY_VALUE_LISTS: Record<string, '=' | ':' | 'name'> = {
  environment: '=',
  labels: '=',
  annotations: '=',
  sysctls: '=',
  extra_hosts: ':',
  depends_on: 'name',
  args: '=',
};

/** Lists compose appends to (without duplicates) instead of replacing. */
const APPENDED_LISTS = new Set([
  'ports',
  'expose',
  'volumes',
  'dns',
  'dns_search',
  'dns_opt',
  'env_file',
  'tmpfs',
  'cap_add',
  'cap_drop',
  'security_opt',
  'devices',
  'secrets',
  'configs',
  'external_links',
  'links',
  'volumes_from',
  'group_add',
  'profiles',
  'label_file',
]);

/** Merges `over` on top of `base` (two service definitions, or any two values under `key`). */
export function mergeValue(key: string, base: CValue | undefined, over: CValue): CValue | undefined {
  if (over.tag === '!reset') return undefined;
  if (over.tag === '!override' || !base) return over;
  if (key === 'build') return mergeMaps(asBuildMap(base), asBuildMap(over));
  const form = KEY_VALUE_LISTS[key];
  if (form) return mergeMaps(asMap(base, form), asMap(over, form));
  if (base.kind === 'map' && over.kind === 'map') return mergeMaps(base, over);
  if (APPENDED_LISTS.has(key) && (base.kind === 'seq' || over.kind === 'seq')) {
    const seen = new Set<string>();
    const merged: CValue[] = [];
    for (const item of [...items(base), ...items(over)]) {
      const id = JSON.stringify(plainText(item));
      if (seen.has(id)) continue;
      seen.add(id);
      merged.push(item);
    }
    return { kind: 'seq', items: merged, span: over.span };
  }
  return over;
}

export function mergeMaps(base: CMap, over: CMap): CMap {
  const entries: CEntry[] = base.entries.map((e) => ({ ...e }));
  for (const next of over.entries) {
    const index = entries.findIndex((e) => e.key === next.key);
    const merged = mergeValue(next.key, index >= 0 ? entries[index].value : undefined, next.value);
    if (merged === undefined) {
      if (index >= 0) entries.splice(index, 1);
    } else if (index >= 0) {
      entries[index] = { key: next.key, keySpan: next.keySpan, value: merged };
    } else {
      entries.push({ ...next, value: merged });
    }
  }
  return { kind: 'map', entries, span: over.span };
}

function asBuildMap(value: CValue): CMap {
  if (value.kind === 'map') return value;
  return { kind: 'map', entries: [{ key: 'context', keySpan: value.span, value }], span: value.span };
}

/** A `KEY=VALUE` list as a map (values as scalars; a bare name maps to null). */
export function asMap(value: CValue, form: '=' | ':' | 'name'): CMap {
  if (value.kind === 'map') return value;
  const entries: CEntry[] = [];
  for (const item of items(value)) {
    const raw = text(item);
    if (raw === undefined) continue;
    const sep = form === 'name' ? -1 : raw.indexOf(form);
    const key = sep >= 0 ? raw.slice(0, sep) : raw;
    const scalar: CScalar = sep >= 0 ? { kind: 'scalar', value: raw.slice(sep + 1), text: raw.slice(sep + 1), span: item.span } : { kind: 'scalar', value: null, text: '', span: item.span };
    const existing = entries.findIndex((e) => e.key === key);
    if (existing >= 0) entries.splice(existing, 1);
    entries.push({ key, keySpan: item.span, value: scalar });
  }
  return { kind: 'map', entries, span: value.span };
}

function plainText(value: CValue): unknown {
  if (value.kind === 'scalar') return value.text;
  if (value.kind === 'seq') return value.items.map(plainText);
  return value.entries.map((e) => [e.key, plainText(e.value)]);
}
