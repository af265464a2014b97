import type { Check, CheckContext, Location } from '../diagnostics/rule';
import { asString, firstLocation, goQuote, isInterpolated, isMap, keyLocation, Path, PlainMap, schemaReports, services, valueLocation } from './support';

const REGISTRY_HOST = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:[0-9]+)?$/;

/** `imagePullSecrets` items (v3 service.go ServiceImagePullSecret.Validate and the duplicate check of validate.go). */
export const imagePullSecrets: Check = {
  rules: [{ code: 'invalid-image-pull-secrets', severity: 'error', title: 'An imagePullSecrets entry Convox rejects' }],
  run(context) {
    if (context.settings.target !== 'v3') return;
    for (const [service, body] of services(context.document)) {
      const list = body?.imagePullSecrets;
      if (!Array.isArray(list)) continue;
      const seen = new Map<string, number>();
      list.forEach((item, index) => {
        if (!isMap(item)) return;
        const path = ['services', service, 'imagePullSecrets', index];
        const prefix = `service ${service} imagePullSecrets[${index}]: `;
        if (!validItem(context, path, prefix, item)) return; // Convox checks duplicates only among valid entries
        const registry = asString(item.registry)!;
        const previous = seen.get(registry.toLowerCase());
        if (previous === undefined) {
          seen.set(registry.toLowerCase(), index);
          return;
        }
        const location = valueLocation(context.document, [...path, 'registry']);
        if (location) {
          context.report({
            code: 'invalid-image-pull-secrets',
            location,
            message: `${prefix}duplicate registry ${goQuote(registry)} (also declared at index ${previous}); each registry may be declared at most once per service. Remove one of the entries.`,
          });
        }
      });
    }
  },
};

/**
 * Reports the first problem of one entry, in Convox's order; false when the entry has one (even one the schema
 * reports). An entry whose registry is `${VAR}` is not judged.
 */
function validItem(context: CheckContext, path: Path, prefix: string, item: PlainMap): boolean {
  const { document } = context;
  const entryLocation = firstLocation(keyLocation(document, [...path, 'registry']), valueLocation(document, path));
  const fail = (at: Path | undefined, location: Location | undefined, message: string): false => {
    if (location && !(at && schemaReports(context, at))) context.report({ code: 'invalid-image-pull-secrets', location, message: prefix + message });
    return false;
  };

  if (isInterpolated(item.registry)) return false; // the host is only known at build time
  const registryPath = [...path, 'registry'];
  const registry = asString(item.registry);
  if (item.registry !== undefined && item.registry !== null && registry === undefined) return false; // a map or list: the schema reports it
  const registryLocation = valueLocation(document, registryPath) ?? entryLocation;
  if (registry === undefined || registry.trim() === '') {
    return fail(registryPath, registryLocation, 'registry is required. Add the registry host, e.g. `registry: ghcr.io`.');
  }
  if (registry.includes('://')) {
    return fail(registryPath, registryLocation, `registry ${goQuote(registry)} must not include a scheme (drop http:// or https://).`);
  }
  if (registry.includes('/')) {
    return fail(registryPath, registryLocation, `registry ${goQuote(registry)} must not include a path (use the host only).`);
  }
  if (registry !== registry.toLowerCase()) {
    return fail(registryPath, registryLocation, `registry ${goQuote(registry)} must be lowercase. Write ${goQuote(registry.toLowerCase())}.`);
  }
  if (!REGISTRY_HOST.test(registry)) {
    return fail(registryPath, registryLocation, `registry ${goQuote(registry)} is not a valid registry hostname. Write the host and optional port, e.g. \`registry: registry.example.com:5000\`.`);
  }

  const usernamePath = [...path, 'username'];
  const username = asString(item.username);
  if (item.username !== undefined && item.username !== null && username === undefined) return false;
  if (username === undefined || username.trim() === '') {
    return fail(usernamePath, valueLocation(document, usernamePath) ?? entryLocation, 'username is required. Add `username:` with the registry login.');
  }

  const password = asString(item.password) ?? '';
  const passwordEnv = asString(item.passwordEnv) ?? '';
  // `${VAR}` may be empty once interpolated: it counts as given, but never as a second, conflicting value.
  if (password !== '' && passwordEnv !== '' && !isInterpolated(password) && !isInterpolated(passwordEnv)) {
    return fail(
      undefined,
      keyLocation(document, [...path, 'password']),
      'use passwordEnv to reference an env var, OR password for a literal value, not both. Remove `password:` and keep the secret in the app environment (`passwordEnv:`).',
    );
  }
  if (password === '' && passwordEnv === '') {
    return fail(
      undefined,
      entryLocation,
      'password or passwordEnv is required. Add `passwordEnv: <ENV_VAR>` (set it with `convox env set`), or `password:` with a literal value.',
    );
  }
  return true;
}
