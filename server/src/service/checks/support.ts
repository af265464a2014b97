import type { Node } from 'yaml';
import type { DiagnosticRelatedInformation } from 'vscode-languageserver-types';
import type { ManifestDocument } from '../document';
import type { CheckContext, Location } from '../diagnostics/rule';
import { pointerToPath, schemaErrors } from '../schema/validator';
import type { Target } from '../settings';
import { keyRange } from '../yaml/nodes';
import { Plain, sourceAt } from '../yaml/toPlain';

/** Helpers the cross-field checks share: reading the plain tree safely and pointing findings at the right text. */

export type Path = readonly (string | number)[];
export type PlainMap = { [key: string]: Plain };

export function isMap(value: unknown): value is PlainMap {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `${VAR}` is replaced before Convox parses the file: such values are unknown here and never judged. */
export function isInterpolated(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

/** A scalar as a Go `string` field reads it (yaml.v2 keeps the raw text of ints, floats and bools); undefined otherwise. */
export function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function asInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

/** The value at `path` in the manifest's plain tree (aliases and merges resolved). */
export function valueAt(document: ManifestDocument, path: Path): Plain | undefined {
  let value: Plain | undefined = document.plain.value;
  for (const segment of path) {
    if (Array.isArray(value)) value = value[Number(segment)];
    else if (isMap(value)) value = Object.prototype.hasOwnProperty.call(value, String(segment)) ? value[String(segment)] : undefined;
    else return undefined;
  }
  return value;
}

// Lists derived from a plain map, kept with it: plain values never change, and a version shares the unchanged ones
// with the previous (DocumentCache), so twenty checks asking for the services cost one list per version.
const entriesCache = new WeakMap<PlainMap, [string, Plain][]>();
const servicesCache = new WeakMap<PlainMap, [string, PlainMap | null][]>();

/** The entries of the map at `path` (empty when it is absent or not a map). Shared: do not change the list. */
export function entriesAt(document: ManifestDocument, path: Path): [string, Plain][] {
  const value = valueAt(document, path);
  if (!isMap(value)) return [];
  let entries = entriesCache.get(value);
  if (!entries) entriesCache.set(value, (entries = Object.entries(value)));
  return entries;
}

/** Services by name with their bodies (null for `web:` with no body). Shared: do not change the list. */
export function services(document: ManifestDocument): [string, PlainMap | null][] {
  const value = valueAt(document, ['services']);
  if (!isMap(value)) return [];
  let list = servicesCache.get(value);
  if (!list) servicesCache.set(value, (list = Object.entries(value).map(([name, body]) => [name, isMap(body) ? body : null])));
  return list;
}

function rangeOf(node: Node | null | undefined): Location | undefined {
  if (!node?.range) return undefined;
  return { start: node.range[0], end: node.range[1] };
}

/** Where the value at `path` is written (the alias that brought it there, if any); undefined when it is absent. */
export function valueLocation(document: ManifestDocument, path: Path): Location | undefined {
  if (valueAt(document, path) === undefined) return undefined;
  const entry = sourceAt(document.plain, path);
  if (!entry) return undefined;
  const location = rangeOf(entry.via ?? entry.node ?? entry.keyNode);
  // `key:` with no value has an empty range: underline the key instead.
  return location && location.end > location.start ? location : (rangeOf(entry.keyNode) ?? location);
}

/** Where the key of the entry at `path` is written (the alias that brought it there, if any); undefined when absent. */
export function keyLocation(document: ManifestDocument, path: Path): Location | undefined {
  if (valueAt(document, path) === undefined) return undefined;
  const entry = sourceAt(document.plain, path);
  if (!entry) return undefined;
  const key = entry.via ?? entry.keyNode;
  const range = key && keyRange(document.text, key);
  return range ? { start: range[0], end: range[1] } : rangeOf(entry.node);
}

/** The first location found: lets a finding fall back to the enclosing key when a value is absent. */
export function firstLocation(...locations: (Location | undefined)[]): Location | undefined {
  return locations.find((location) => location !== undefined);
}

export function related(document: ManifestDocument, location: Location | undefined, message: string): DiagnosticRelatedInformation[] | undefined {
  if (!location) return undefined;
  return [{ location: { uri: document.uri, range: document.range(location.start, location.end) }, message }];
}

// --- what the schema check already reports ---------------------------------------------------------------------

interface SchemaIndex {
  /** Paths whose value the schema rejects (type, enum, pattern, range, length). */
  values: Set<string>;
  /** Paths of keys the schema reports as missing. */
  missing: Set<string>;
  /** Paths of keys whose name the schema rejects (propertyNames). */
  names: Set<string>;
  /** Paths of keys the schema does not allow here (unknown, or read only by the other rack generation). */
  unknown: Set<string>;
}

const STRUCTURAL = new Set(['required', 'additionalProperties', 'propertyNames', 'dependencies', 'dependentRequired']);
const indexes = new WeakMap<ManifestDocument, Map<Target, SchemaIndex>>();

const pathKey = (path: Path) => JSON.stringify(path.map(String));

function schemaIndex(context: CheckContext): SchemaIndex {
  const { document, settings } = context;
  let byTarget = indexes.get(document);
  if (!byTarget) indexes.set(document, (byTarget = new Map()));
  let index = byTarget.get(settings.target);
  if (index) return index;
  index = { values: new Set(), missing: new Set(), names: new Set(), unknown: new Set() };
  byTarget.set(settings.target, index);
  for (const error of schemaErrors(document, settings.target)) {
    const path = pointerToPath(error.instancePath);
    if (error.propertyName !== undefined) index.names.add(pathKey([...path, error.propertyName]));
    else if (error.keyword === 'required') index.missing.add(pathKey([...path, String(error.params.missingProperty)]));
    else if (error.keyword === 'additionalProperties') index.unknown.add(pathKey([...path, String(error.params.additionalProperty)]));
    else if (STRUCTURAL.has(error.keyword)) continue;
    else if (error.keyword === 'type' && error.data === null) continue; // not reported: `key:` loads as the default
    else index.values.add(pathKey(path));
  }
  return index;
}

/**
 * True when the schema check already reports the value at `path` (or reports it missing). Checks call this before
 * reporting a rule the schema may also express, so one problem never gets two diagnostics, whatever the schema
 * covers today.
 */
export function schemaReports(context: CheckContext, path: Path): boolean {
  const index = schemaIndex(context);
  const key = pathKey(path);
  return index.values.has(key) || index.missing.has(key);
}

/** True when the schema does not allow the key at `path` (unknown here, or read only by the other rack generation). */
export function schemaRejectsKey(context: CheckContext, path: Path): boolean {
  return schemaIndex(context).unknown.has(pathKey(path));
}

/** True when the schema check already reports the key at `path` as a name it does not allow. */
export function schemaReportsName(context: CheckContext, path: Path): boolean {
  return schemaIndex(context).names.has(pathKey(path));
}

/** Go's `%q` for the plain strings manifests hold. */
export function goQuote(value: string): string {
  return JSON.stringify(value);
}
