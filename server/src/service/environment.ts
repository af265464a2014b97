import { isScalar } from 'yaml';
import { services, valueAt } from './checks/support';
import type { Location } from './diagnostics/rule';
import type { ManifestDocument } from './document';
import { scalarContentRange } from './yaml/nodes';
import { sourceAt } from './yaml/toPlain';

/**
 * One `environment` entry as Convox reads it (`manifest.go` `ServiceEnvironment`): `KEY` (required: the app
 * environment must set it), `KEY=default` (only the first `=` splits), or `*` (the whole app environment). The
 * top-level list is prepended to every service's list.
 */
export interface EnvDeclaration {
  /** The service whose list holds it, or undefined for the top-level list. */
  service?: string;
  key: string;
  /** The default after `=`; undefined for a bare (required) `KEY`. */
  value?: string;
  path: (string | number)[];
  /** The whole entry (the alias, when it came through one). */
  location: Location;
  /** Just `KEY` when the entry is written out here; the whole entry otherwise. */
  keyLocation: Location;
}

const declarationsCache = new WeakMap<ManifestDocument, EnvDeclaration[]>();

/**
 * Every `KEY` / `KEY=default` entry of the top-level and service environment lists (nested lists flattened).
 * Computed once per document version: several checks read it (the list is shared, not to be changed).
 */
export function envDeclarations(document: ManifestDocument): EnvDeclaration[] {
  let cached = declarationsCache.get(document);
  if (!cached) declarationsCache.set(document, (cached = findDeclarations(document)));
  return cached;
}

function findDeclarations(document: ManifestDocument): EnvDeclaration[] {
  const found: EnvDeclaration[] = [];
  const lists: [string | undefined, (string | number)[]][] = [[undefined, ['environment']], ...services(document).map(([name]): [string, (string | number)[]] => [name, ['services', name, 'environment']])];
  for (const [service, base] of lists) {
    const list = valueAt(document, base);
    if (!Array.isArray(list)) continue;
    list.forEach((item, index) => {
      const items: [unknown, (string | number)[]][] = Array.isArray(item) ? item.map((inner, j) => [inner, [...base, index, j]]) : [[item, [...base, index]]];
      for (const [entry, path] of items) {
        if (typeof entry !== 'string' || entry === '' || entry === '*') continue; // Convox drops non-strings
        const declaration = locate(document, entry, path);
        if (!declaration) continue;
        const equals = entry.indexOf('=');
        found.push({ service, key: equals === -1 ? entry : entry.slice(0, equals), value: equals === -1 ? undefined : entry.slice(equals + 1), path, ...declaration });
      }
    });
  }
  return found;
}

function locate(document: ManifestDocument, entry: string, path: (string | number)[]): Pick<EnvDeclaration, 'location' | 'keyLocation'> | undefined {
  const source = sourceAt(document.plain, path);
  const node = source?.via ?? source?.node;
  if (!node?.range) return undefined;
  const location = { start: node.range[0], end: node.range[1] };
  if (source?.via || !isScalar(source?.node)) return { location, keyLocation: location };
  const [start] = scalarContentRange(source.node);
  const equals = entry.indexOf('=');
  const key = equals === -1 ? entry : entry.slice(0, equals);
  const written = document.text.slice(start, start + key.length) === key;
  return { location, keyLocation: written ? { start, end: start + key.length } : location };
}

/** Variable names the declarations cover: bare (required) ones and ones with a default. */
export function declaredNames(declarations: EnvDeclaration[]): { bare: Set<string>; withDefault: Set<string> } {
  const bare = new Set<string>();
  const withDefault = new Set<string>();
  for (const declaration of declarations) (declaration.value === undefined ? bare : withDefault).add(declaration.key);
  return { bare, withDefault };
}
