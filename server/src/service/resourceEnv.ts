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
export function injectedVariables(entry: string): InjectedVariable[] {
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
