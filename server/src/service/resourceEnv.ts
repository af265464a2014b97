/** Connection values a resource link provides (resource.go `AdditionalEnvNames`, service.go `GetConfigMapKey`). */
export const RESOURCE_ENV_SUFFIXES = ['URL', 'USER', 'PASS', 'HOST', 'PORT', 'NAME'] as const;

/** `my-db` -> `MY_DB`: the prefix of the variables a plain `resources: [my-db]` link injects. */
export function envPrefix(resource: string): string {
  return resource.toUpperCase().replace(/-/g, '_');
}

export interface InjectedVariable {
  name: string;
  /** Which connection value it holds. */
  value: (typeof RESOURCE_ENV_SUFFIXES)[number];
}

/**
 * The variables a `resources:` entry injects: six for `db` (`DB_URL`, `DB_USER`, ...), one for `db:NAME` whose
 * value is picked by the last `_` segment of NAME (`PRIMARY_HOST` -> host) and is the URL otherwise.
 */
const injectedByEntry = new Map<string, InjectedVariable[]>();

/** What a `resources:` entry injects. Shared per entry text (every service linking `database` asks): do not change it. */
export function injectedVariables(entry: string): InjectedVariable[] {
  let found = injectedByEntry.get(entry);
  if (!found) {
    // Bounded: entries are short names, but a pasted file could hold many distinct ones.
    if (injectedByEntry.size > 10_000) injectedByEntry.clear();
    injectedByEntry.set(entry, (found = computeInjected(entry)));
  }
  return found;
}

function computeInjected(entry: string): InjectedVariable[] {
  const [resource, alias] = splitEntry(entry);
  if (alias) {
    const suffix = alias.slice(alias.lastIndexOf('_') + 1) as InjectedVariable['value'];
    return [{ name: alias, value: RESOURCE_ENV_SUFFIXES.includes(suffix) ? suffix : 'URL' }];
  }
  const prefix = envPrefix(resource);
  return RESOURCE_ENV_SUFFIXES.map((suffix) => ({ name: `${prefix}_${suffix}`, value: suffix }));
}

export function splitEntry(entry: string): [string, string | undefined] {
  const colon = entry.indexOf(':');
  return colon === -1 ? [entry.trim(), undefined] : [entry.slice(0, colon).trim(), entry.slice(colon + 1).trim() || undefined];
}
