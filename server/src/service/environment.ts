import { isScalar } from 'yaml';
import { services, valueAt } from './checks/support';
import type { Location } from './diagnostics/rule';
import type { ManifestDocument } from './document';
import { scalarContentRange } from './yaml/nodes';
import { Plain, sourceAt } from './yaml/toPlain';

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
  const add = (service: string | undefined, list: Plain | undefined): void => {
    if (Array.isArray(list)) for (const declaration of listDeclarations(service, list)) found.push(declaration);
  };
  add(undefined, valueAt(document, ['environment']));
  for (const [service, body] of services(document)) add(service, body?.environment);
  return found;
}

/**
 * The declarations of one list, kept with it: a version shares its unchanged plain values with the previous one
 * (DocumentCache), so a keystroke lists again only the lists it changed. By service too: an alias can share a list.
 */
const declarationsByList = new WeakMap<Plain[], Map<string | undefined, EnvDeclaration[]>>();

function listDeclarations(service: string | undefined, list: Plain[]): EnvDeclaration[] {
  let byService = declarationsByList.get(list);
  if (!byService) declarationsByList.set(list, (byService = new Map()));
  let found = byService.get(service);
  if (found) return found;
  found = [];
  const base = service === undefined ? ['environment'] : ['services', service, 'environment'];
  list.forEach((item, index) => {
    const items: [unknown, (string | number)[]][] = Array.isArray(item) ? item.map((inner, j) => [inner, [...base, index, j]]) : [[item, [...base, index]]];
    for (const [entry, path] of items) {
      if (typeof entry !== 'string' || entry === '' || entry === '*') continue; // Convox drops non-strings
      const equals = entry.indexOf('=');
      found!.push({ service, key: equals === -1 ? entry : entry.slice(0, equals), value: equals === -1 ? undefined : entry.slice(equals + 1), path });
    }
  });
  byService.set(service, found);
  return found;
}

/**
 * Where a declaration's `KEY` is written; the whole entry when it came through an alias or is not written out as a
 * plain `KEY...` scalar. Looked up only for what is reported: every keystroke lists the declarations of every service.
 */
export function declarationKeyLocation(document: ManifestDocument, declaration: EnvDeclaration): Location | undefined {
  const source = sourceAt(document.plain, declaration.path);
  const node = source?.via ?? source?.node;
  if (!node?.range) return undefined;
  const location = { start: node.range[0], end: node.range[1] };
  if (source?.via || !isScalar(source?.node)) return location;
  const [start] = scalarContentRange(source.node);
  const written = document.text.slice(start, start + declaration.key.length) === declaration.key;
  return written ? { start, end: start + declaration.key.length } : location;
}

/** Variable names the declarations cover: bare (required) ones and ones with a default. */
export function declaredNames(declarations: EnvDeclaration[]): { bare: Set<string>; withDefault: Set<string> } {
  const bare = new Set<string>();
  const withDefault = new Set<string>();
  for (const declaration of declarations) (declaration.value === undefined ? bare : withDefault).add(declaration.key);
  return { bare, withDefault };
}
