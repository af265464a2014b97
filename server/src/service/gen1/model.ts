import { isAlias, isMap, isScalar, isSeq, Node, Scalar } from 'yaml';
import type { Location } from '../diagnostics/rule';
import type { ManifestDocument } from '../document';
import { contentEnd, deref, keyRange, mapEntries, scalarContentRange, scalarString } from '../yaml/nodes';
import { interpolate, Interpolated } from './interpolate';

/**
 * A Gen1 manifest (`docker-compose.yml` read by `convox/rack` `pkg/manifest1`) as Convox reads it: the version,
 * the services (the top-level map in format 1, `services:` in format 2), their keys, labels and ports. Every
 * Gen1 check reads this; it is built once per document.
 */
export interface Gen1Manifest {
  root: Node | null;
  /** Top-level entries (format 1: the services themselves). */
  topLevel: Gen1Entry[];
  versionEntry?: Gen1Entry;
  /** The format the file is read as: '2' when it has a `services:` map (or a format 2 version), else '1'. */
  format: '1' | '2';
  services: Gen1Service[];
}

/** One entry of a map, with aliases followed. */
export interface Gen1Entry {
  key: string;
  keyNode: Node;
  /** The value with aliases followed; null when empty. */
  value: Node | null;
  /** The value as written (an alias, a node, or null). */
  written: Node | null;
  /** The alias or merge key this entry arrived through: findings point there, where the value is used. */
  via?: Node;
}

export interface Gen1Item {
  index: number;
  value: Node | null;
  written: Node | null;
  via?: Node;
}

export interface Gen1Service {
  name: string;
  entry: Gen1Entry;
  /** The service's keys, in order (empty when the service is not a map). */
  fields: Gen1Entry[];
}

export const FORMAT_2_VERSIONS = new Set(['2', '2.0', '2.1', '2.2']);

const cache = new WeakMap<ManifestDocument, Gen1Manifest>();

export function gen1Manifest(document: ManifestDocument): Gen1Manifest {
  let manifest = cache.get(document);
  if (!manifest) {
    manifest = build(document);
    cache.set(document, manifest);
  }
  return manifest;
}

function build(document: ManifestDocument): Gen1Manifest {
  const root = deref(document.yaml, document.yaml.contents);
  const topLevel = isMap(root) ? entriesOf(document, root) : [];
  const versionEntry = topLevel.find((entry) => entry.key === 'version');
  const servicesEntry = topLevel.find((entry) => entry.key === 'services');
  const version = versionEntry ? versionText(versionEntry) : undefined;
  const format: '1' | '2' = (version && !version.dynamic && FORMAT_2_VERSIONS.has(version.text)) || isMap(servicesEntry?.value) ? '2' : '1';
  let serviceEntries: Gen1Entry[];
  if (format === '1') serviceEntries = topLevel.filter((entry) => !(entry === versionEntry && (version?.text ?? '') === ''));
  else serviceEntries = servicesEntry && isMap(servicesEntry.value) ? entriesOf(document, servicesEntry.value, childVia(servicesEntry)) : [];
  const services = serviceEntries.map((entry) => ({
    name: entry.key,
    entry,
    fields: isMap(entry.value) ? entriesOf(document, entry.value, childVia(entry)) : [],
  }));
  return { root, topLevel, versionEntry, format, services };
}

/** The version as Convox reads it (a string; empty when absent or null). */
export function versionText(entry: Gen1Entry): Interpolated {
  if (!entry.value || !isScalar(entry.value)) return { text: '', dynamic: false };
  return interpolate(scalarString(entry.value) ?? '');
}

/** The entries of a map as yaml.v2 reads them (explicit keys, then merged ones), with aliases followed. */
export function entriesOf(document: ManifestDocument, node: Node | null, via?: Node): Gen1Entry[] {
  return mapEntries(document.yaml, node).map((entry) => ({
    key: entry.key,
    keyNode: entry.pair.key as Node,
    value: deref(document.yaml, entry.pair.value),
    written: (entry.pair.value as Node | null) ?? null,
    via: via ?? entry.via,
  }));
}

export function itemsOf(document: ManifestDocument, node: Node | null, via?: Node): Gen1Item[] {
  if (!isSeq(node)) return [];
  return node.items.map((item, index) => {
    const written = (item as Node | null) ?? null;
    return { index, value: deref(document.yaml, written), written, via: via ?? (isAlias(written) ? written : undefined) };
  });
}

/** The alias to report the children of an entry at, when the entry's value was reached through one. */
export function childVia(entry: Gen1Entry): Node | undefined {
  return entry.via ?? (isAlias(entry.written) ? entry.written : undefined);
}

export function field(service: Gen1Service, key: string): Gen1Entry | undefined {
  return service.fields.find((entry) => entry.key === key);
}

// ---------------------------------------------------------------------------------------------------------------
// Locations

/** A node's text without trailing line breaks and comments. */
export function span(document: ManifestDocument, node: Node | null | undefined): Location {
  const [start, end] = node?.range ?? [0, 0];
  const trimmed = contentEnd(document.text, node);
  return { start, end: trimmed !== null && trimmed >= start ? trimmed : end };
}

export function keyLocation(document: ManifestDocument, entry: Gen1Entry): Location {
  const location = span(document, entry.via ?? entry.keyNode);
  if (location.end > location.start) return location;
  const range = keyRange(document.text, entry.keyNode);
  return range ? { start: range[0], end: range[1] } : location;
}

export function valueLocation(document: ManifestDocument, entry: Gen1Entry): Location {
  if (entry.via) return span(document, entry.via);
  const value = entry.written ? span(document, entry.written) : undefined;
  return value && value.end > value.start ? value : span(document, entry.keyNode);
}

export function itemLocation(document: ManifestDocument, item: Gen1Item): Location {
  return span(document, item.via ?? item.written);
}

/**
 * The characters `from`..`to` of a scalar's text, when the text appears as written (plain, or quoted without
 * escapes); otherwise the whole scalar.
 */
export function partLocation(document: ManifestDocument, node: Node | null, from: number, to: number, via?: Node): Location {
  if (via || !isScalar(node)) return span(document, via ?? node);
  const [start, end] = scalarContentRange(node as Scalar);
  const text = scalarString(node) ?? '';
  if (document.text.slice(start, end) !== text || to <= from) return span(document, node);
  return { start: start + from, end: start + to };
}

// ---------------------------------------------------------------------------------------------------------------
// Go's view of values

export type GoKind = 'null' | 'bool' | 'int' | 'float' | 'str' | 'map' | 'seq';

/** What yaml.v2 decodes a node to when the target is `interface{}`. */
export function goKind(node: Node | null): GoKind {
  if (!node) return 'null';
  if (isMap(node)) return 'map';
  if (isSeq(node)) return 'seq';
  if (!isScalar(node)) return 'null';
  const value = (node as Scalar).value;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'number') {
    const source = String((node as Scalar).source ?? value);
    if (/^[-+]?0[xo]/i.test(source)) return 'int';
    return !Number.isInteger(value) || /[.eE]|inf|nan/i.test(source) ? 'float' : 'int';
  }
  return 'str';
}

/** A scalar as Go formats the decoded value (`strconv.Itoa` for ints, `true`/`false` for booleans). */
export function goString(node: Node | null): string {
  const kind = goKind(node);
  if (kind === 'null' || !isScalar(node)) return '';
  const value = (node as Scalar).value;
  if (kind === 'int' || kind === 'bool') return String(value);
  return scalarString(node) ?? '';
}

/** A value as Go's `%v` prints what yaml.v2 decoded: `[a b]`, `map[k:v]`, `<nil>`. */
export function goFormat(document: ManifestDocument, node: Node | null, depth = 0): string {
  if (depth > 8) return '…';
  const kind = goKind(node);
  if (kind === 'null') return '<nil>';
  if (kind === 'seq') return `[${itemsOf(document, node).map((item) => goFormat(document, item.value, depth + 1)).join(' ')}]`;
  if (kind === 'map') {
    const entries = entriesOf(document, node).map((entry) => `${entry.key}:${goFormat(document, entry.value, depth + 1)}`);
    return `map[${entries.sort().join(' ')}]`;
  }
  return goString(node);
}

const TAGS: Record<GoKind, string> = { null: '!!null', bool: '!!bool', int: '!!int', float: '!!float', str: '!!str', map: '!!map', seq: '!!seq' };

/** yaml.v2's type error text: ``cannot unmarshal !!str `abc` into []string``. */
export function typeError(node: Node | null, target: string): string {
  const kind = goKind(node);
  let shown = '';
  if (kind !== 'map' && kind !== 'seq') {
    const text = scalarString(node) ?? '';
    shown = ` \`${text.length > 10 ? `${text.slice(0, 7)}...` : text}\``;
  }
  return `cannot unmarshal ${TAGS[kind]}${shown} into ${target}`;
}

/** The text of a scalar after Gen1 interpolation. */
export function textOf(node: Node | null): Interpolated {
  return interpolate(isScalar(node) ? (scalarString(node) ?? '') : '');
}

/** `strconv.Atoi`: an optional sign and decimal digits. */
export function atoi(text: string): number | undefined {
  if (!/^[-+]?\d+$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

export function atoiError(text: string): string {
  return /^[-+]?\d+$/.test(text) ? `strconv.Atoi: parsing "${text}": value out of range` : `strconv.Atoi: parsing "${text}": invalid syntax`;
}

// ---------------------------------------------------------------------------------------------------------------
// Ports

export const PORT_MAPPING = /^(?:(\d+):)?(\d+)(?:\/(udp|tcp))?$/i;

export interface Gen1Port {
  item: Gen1Item;
  text: string;
  dynamic: boolean;
  /** Absent when the mapping is invalid or depends on the environment. */
  container?: number;
  balancer?: number;
  protocol?: 'tcp' | 'udp';
}

/** The ports of a service when `ports` is a list (the only form Convox reads). */
export function servicePorts(document: ManifestDocument, service: Gen1Service): Gen1Port[] | undefined {
  const entry = field(service, 'ports');
  if (!entry || !isSeq(entry.value)) return undefined;
  return itemsOf(document, entry.value, childVia(entry)).map((item) => {
    const { text, dynamic } = isScalar(item.value) ? textOf(item.value) : { text: '', dynamic: false };
    const port: Gen1Port = { item, text, dynamic };
    const match = dynamic ? null : PORT_MAPPING.exec(text);
    if (match) {
      port.container = Number(match[2]);
      port.balancer = match[1] !== undefined ? Number(match[1]) : port.container;
      port.protocol = match[3]?.toLowerCase() === 'udp' ? 'udp' : 'tcp';
    }
    return port;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Labels

export interface Gen1Label {
  key: string;
  value: string;
  /** The key or value refers to an environment variable: its text is only known when Convox reads the file. */
  dynamic: boolean;
  keyLocation: Location;
  valueLocation: Location;
}

export interface LabelProblem {
  code: 'gen1-types' | 'gen1-labels';
  location: Location;
  message: string;
}

export interface Gen1Labels {
  entry?: Gen1Entry;
  form?: 'list' | 'map';
  /** By key, as Convox stores them (for duplicates in a list, the first). */
  byKey: Map<string, Gen1Label>;
  problems: LabelProblem[];
}

const labelCache = new WeakMap<Gen1Service, Gen1Labels>();

/** A service's labels as `Labels.UnmarshalYAML` reads them, with the problems it rejects. */
export function serviceLabels(document: ManifestDocument, service: Gen1Service): Gen1Labels {
  let labels = labelCache.get(service);
  if (!labels) {
    labels = readLabels(document, service);
    labelCache.set(service, labels);
  }
  return labels;
}

function readLabels(document: ManifestDocument, service: Gen1Service): Gen1Labels {
  const entry = field(service, 'labels');
  const result: Gen1Labels = { entry, byKey: new Map(), problems: [] };
  if (!entry || !entry.value || goKind(entry.value) === 'null') return result;
  const via = childVia(entry);
  const fix = 'Write labels as a list of "key=value" strings or as a map of key: value.';
  if (isMap(entry.value)) {
    result.form = 'map';
    for (const label of entriesOf(document, entry.value, via)) {
      const keyKind = goKind(label.keyNode);
      if (keyKind !== 'str' && keyKind !== 'int') {
        result.problems.push({ code: 'gen1-types', location: keyLocation(document, label), message: `unknown type in label map: ${label.key}. Quote the label name.` });
        continue;
      }
      const key = interpolate(label.key);
      const raw = textOf(label.value);
      const kind = goKind(label.value);
      if (!raw.dynamic && kind !== 'str' && kind !== 'int' && kind !== 'bool') {
        const detail = kind === 'null' ? 'it has no value' : `its value is a ${kind === 'float' ? 'decimal number' : kind === 'seq' ? 'list' : kind}`;
        result.problems.push({ code: 'gen1-types', location: valueLocation(document, label), message: `unknown type in label map: ${label.key} (${detail}). Convox Gen1 accepts strings, integers and booleans as label values; quote the value.` });
        continue;
      }
      if (result.byKey.has(key.text)) continue; // a repeated map key: reported by duplicate-key
      result.byKey.set(key.text, {
        key: key.text,
        value: raw.dynamic ? raw.text : goString(label.value),
        dynamic: key.dynamic || raw.dynamic,
        keyLocation: keyLocation(document, label),
        valueLocation: valueLocation(document, label),
      });
    }
    return result;
  }
  if (isSeq(entry.value)) {
    result.form = 'list';
    const list = goFormat(document, entry.value);
    for (const item of itemsOf(document, entry.value, via)) {
      const location = itemLocation(document, item);
      const source = isScalar(item.value) ? (scalarString(item.value) ?? '') : '';
      if (goKind(item.value) !== 'str' && !(isScalar(item.value) && interpolate(source).dynamic)) {
        result.problems.push({ code: 'gen1-types', location, message: `unknown type in command array: ${list}: each label in the list must be a "key=value" string. Quote it.` });
        continue;
      }
      const equals = source.indexOf('=');
      if (equals === -1) {
        result.problems.push({ code: 'gen1-types', location, message: `cannot parse label: ${list}: "${source}" has no "=". Write it as "key=value".` });
        continue;
      }
      const key = interpolate(source.slice(0, equals));
      const value = interpolate(source.slice(equals + 1));
      const keyPart = partLocation(document, item.value, 0, equals, item.via);
      const valuePart = equals + 1 < source.length ? partLocation(document, item.value, equals + 1, source.length, item.via) : location;
      if (!key.dynamic && result.byKey.has(key.text)) {
        const first = result.byKey.get(key.text)!;
        const line = document.lines.positionAt(first.keyLocation.start).line + 1;
        result.problems.push({
          code: 'gen1-labels',
          location: keyPart,
          message: `duplicate cron label ${key.text}: Convox Gen1 rejects a label listed twice (for any label, not only cron labels; first on line ${line}). Remove one of them.`,
        });
        continue;
      }
      result.byKey.set(key.text, { key: key.text, value: value.text, dynamic: key.dynamic || value.dynamic, keyLocation: keyPart, valueLocation: valuePart });
    }
    return result;
  }
  result.problems.push({ code: 'gen1-types', location: valueLocation(document, entry), message: `cannot parse labels: ${goFormat(document, entry.value)}. ${fix}` });
  return result;
}
