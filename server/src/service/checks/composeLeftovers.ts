import { composeClaim, composeKeyAt, isComposePortItem, NO_EQUIVALENT } from '../compose/keys';
import { ComposePort, convoxPortItem, httpPort, parseComposePort } from '../compose/ports';
import { composeDurationSeconds, cpuSharesToScaleCpu, cpusToScaleCpu, memoryToMiB } from '../compose/units';
import { httpCheck } from '../convert/health';
import type { Check, CheckContext } from '../diagnostics/rule';
import type { Target } from '../settings';
import { yamlString } from '../text/yamlQuote';
import type { Plain } from '../yaml/toPlain';
import { entriesAt, isInterpolated, isMap, keyLocation, Path, PlainMap, schemaRejectsKey, schemaReports, services, valueLocation } from './support';

/**
 * docker-compose leftovers in convox.yml: keys Convox ignores (`compose-key`) and compose forms Convox fails to load
 * (`compose-form`: `ports: ["80:80"]` on v3, `environment` or `build.args` as a map, top-level `configs` as a map).
 * Each finding replaces the generic schema finding for the same key or value (see `composeClaim`), says what Convox
 * does and what to write instead, and carries the conversion its quick fix applies (`ComposeFixData`).
 */
export const composeLeftovers: Check = {
  rules: [
    { code: 'compose-key', severity: 'warning', title: 'A docker-compose key Convox ignores' },
    { code: 'compose-form', severity: 'error', title: 'A docker-compose form Convox fails to load' },
  ],
  run(context) {
    const { document } = context;
    const root = document.plain.value;
    if (!isMap(root)) return;
    for (const [key, value] of Object.entries(root)) checkKey(context, [key], value, null);
    for (const [name, body] of services(document)) {
      if (!body || !mayHoldComposeKeys(body, context.settings.target)) continue;
      const servicePath = ['services', name];
      for (const [key, value] of Object.entries(body)) checkKey(context, [...servicePath, key], value, body);
      if (Array.isArray(body.ports)) checkPortItems(context, servicePath, body, body.ports);
      if (isMap(body.build)) {
        for (const [key, value] of Object.entries(body.build)) checkKey(context, [...servicePath, 'build', key], value, body.build);
      }
    }
  },
};

/**
 * Whether a service's body has a key or a `build` key the compose rules claim, or a `ports` list: kept with the body
 * (plain values are never changed, and unchanged ones are shared between versions), so a keystroke looks at the
 * keys of the services it changed only. The claim depends on the key's place, not the service's name.
 */
const composeLike = new WeakMap<PlainMap, { target: Target; holds: boolean }>();

function mayHoldComposeKeys(body: PlainMap, target: Target): boolean {
  const kept = composeLike.get(body);
  if (kept?.target === target) return kept.holds;
  const claims = (path: string[], map: PlainMap) => Object.entries(map).some(([key, value]) => composeClaim(target, [...path, key], value) !== undefined);
  const holds = Array.isArray(body.ports) || claims(['services', ''], body) || (isMap(body.build) && claims(['services', '', 'build'], body.build));
  composeLike.set(body, { target, holds });
  return holds;
}

// --- what the quick fixes receive ------------------------------------------------------------------------------

/** A YAML entry the fixes write: `key: scalar`, or `key:` with nested entries, or `key:` with list items. */
export type YamlEntry = [string, string | number | boolean | YamlEntry[] | { items: (string | number)[] }];

export type Conversion =
  /** Replace the whole entry with these entries (written at the entry's indentation). */
  | { kind: 'replace'; title: string; entries: YamlEntry[] }
  /** Rename the key. */
  | { kind: 'rename'; title: string; to: string }
  /** Add entries to the sibling map `into` and remove the entry. */
  | { kind: 'merge'; title: string; into: string; entries: YamlEntry[] }
  /** Add items to the sibling list `into` (when not there yet) and remove the entry. */
  | { kind: 'append'; title: string; into: string; items: string[] }
  /** Turn a `KEY: value` map into `- KEY=value` items in place, keeping order and comments. */
  | { kind: 'map-to-list'; title: string };

export interface ComposeFixData {
  /** The compose key (titles say `Remove "<key>"`). */
  key: string;
  /** Path of the entry the fixes edit. */
  path: string[];
  convert?: Conversion;
  /** Offer removing the entry. */
  removable: boolean;
}

// --- keys --------------------------------------------------------------------------------------------------------

function where(path: Path): string {
  if (path.length === 1) return ' at the top level';
  if (path.length === 4) return ` in the build of service "${path[1]}"`;
  return ` in service "${path[1]}"`;
}

function checkKey(context: CheckContext, path: string[], value: Plain, parent: PlainMap | null): void {
  const { settings } = context;
  const code = composeClaim(settings.target, path, value);
  if (!code) return;
  if (code === 'compose-form') {
    if (schemaReports(context, path)) reportForm(context, path, value);
    return;
  }
  if (!schemaRejectsKey(context, path)) return;
  const location = keyLocation(context.document, path);
  if (!location) return;
  const key = path[path.length - 1];
  const data: ComposeFixData = { key, path, removable: true, convert: parent ? conversionFor(context, path, value, parent) : undefined };
  context.report({ code: 'compose-key', location, message: keyMessage(path, value), data });
}

function keyMessage(path: string[], value: Plain): string {
  const key = path[path.length - 1];
  const head = `Docker-compose key "${key}"${where(path)}`;
  if (path.length === 3 && key === 'ports') {
    const mapped = (Array.isArray(value) ? value.map(parseComposePort) : []).filter((p): p is ComposePort => p?.mapping === true);
    const port = httpPort(mapped) ?? mapped.find((p) => p.container !== undefined)?.container ?? 3000;
    return `${head}: v2 racks ignore \`ports\`, and "published:container" mappings are docker-compose syntax. Write the container port the load balancer routes to as \`port: ${port}\`; Convox publishes it on 80 and 443.`;
  }
  if (path.length === 1 && key === 'configs') {
    return `${head}: v2 racks ignore \`configs\` (v3 racks read it only as a list of \`{id, value}\`, mounted with \`configMounts\`). Remove it and ship the files in the image.`;
  }
  const found = composeKeyAt(path);
  if (!found) return `${head}: Convox ignores it. ${NO_EQUIVALENT}`;
  const { entry } = found;
  const v2Hint = path.length === 3 && key === 'links' ? ' Set "convox.target" to "v2" if this app runs on a v2 rack.' : '';
  return `${head}: Convox ${entry.convox}. ${entry.instead ?? NO_EQUIVALENT}${v2Hint}`;
}

// --- forms Convox fails to load ----------------------------------------------------------------------------------

function reportForm(context: CheckContext, path: string[], value: Plain): void {
  const location = valueLocation(context.document, path);
  if (!location) return;
  const key = path[path.length - 1];
  let message: string;
  let data: ComposeFixData;
  if (key === 'environment') {
    message = `unknown type for service environment: map. This is the docker-compose form (\`KEY: value\`); Convox reads a list: \`- KEY=value\` (a default the app env can override), or \`- KEY\` for a variable set with \`convox env set\`.`;
    data = { key, path, removable: false, convert: mapToList(value, 'Convert to a list') };
  } else if (key === 'args') {
    message = `cannot unmarshal !!map into []string: build args as a map are docker-compose syntax. Convox reads a list (\`- KEY=value\`), and only uses it for the build cache: Dockerfile ARGs are filled from the app environment (\`convox env set\`) and \`convox build --build-args\`.`;
    data = { key, path, removable: true, convert: mapToList(value, 'Convert to a list') };
  } else {
    message = `cannot unmarshal !!map into []manifest.Config: top-level configs as a map of files is docker-compose syntax. Convox reads a list of \`{id, value}\` (the file content inline), mounted in a service with \`configMounts\`.`;
    data = { key, path, removable: true };
  }
  context.report({ code: 'compose-form', location, message, data });
}

function mapToList(value: Plain, title: string): Conversion | undefined {
  if (!isMap(value)) return undefined;
  return Object.values(value).every((v) => v === null || typeof v !== 'object') ? { kind: 'map-to-list', title } : undefined;
}

/** v3: each `ports` item in a compose form is a load error (`strconv.Atoi` / `invalid port`). */
function checkPortItems(context: CheckContext, servicePath: string[], body: PlainMap, items: Plain[]): void {
  const portsPath = [...servicePath, 'ports'];
  if (context.settings.target !== 'v3' || !items.some(isComposePortItem)) return;
  const conversion = portsConversion(context, body, items);
  items.forEach((item, index) => {
    const path = [...portsPath, String(index)];
    if (composeClaim(context.settings.target, path, item) !== 'compose-form' || !schemaReports(context, path)) return;
    const location = valueLocation(context.document, path);
    if (!location) return;
    const parsed = parseComposePort(item);
    const routed = conversion?.port;
    let advice: string;
    if (parsed?.container === undefined) advice = 'List each container port separately (`- 5000`, `- 5000/udp`).';
    else if (parsed.container === routed) advice = `Write the port the load balancer routes to as \`port: ${routed}\`; Convox publishes it on 80 and 443.`;
    else advice = `List the container port only: \`- ${convoxPortItem(parsed)}\`.`;
    const cause =
      typeof item === 'string'
        ? `strconv.Atoi: parsing ${JSON.stringify(item.split('/')[0])}: invalid syntax. ${JSON.stringify(item)} is a docker-compose ${parsed?.container === undefined ? 'port range' : 'published:container mapping'}`
        : 'invalid port: the docker-compose long syntax (`target:`, `published:`) is not a Convox form';
    context.report({
      code: 'compose-form',
      location,
      message: `${cause}; Convox's \`ports\` lists extra container ports only (\`5000\`, \`"5001/udp"\`). ${advice}`,
      data: { key: 'ports', path: portsPath, removable: true, convert: conversion?.convert } satisfies ComposeFixData,
    });
  });
}

// --- conversions -------------------------------------------------------------------------------------------------

function conversionFor(context: CheckContext, path: string[], value: Plain, parent: PlainMap): Conversion | undefined {
  const { settings } = context;
  const key = path[path.length - 1];
  if (path.length === 4) {
    // build.context / build.dockerfile
    if (key === 'context' && parent.path === undefined && isScalarText(value)) return { kind: 'rename', title: 'Rename to path', to: 'path' };
    if (key === 'dockerfile' && parent.manifest === undefined && isScalarText(value)) return { kind: 'rename', title: 'Rename to manifest', to: 'manifest' };
    return undefined;
  }
  if (path.length !== 3) return undefined;
  const target = settings.target;
  switch (key) {
    case 'ports':
      return portsConversion(context, parent, Array.isArray(value) ? value : [])?.convert;
    case 'expose':
      return exposeConversion(parent, value);
    case 'depends_on':
    case 'links':
      return resourcesConversion(context, parent, value);
    case 'healthcheck':
      return healthConversion(parent, value);
    case 'deploy':
      return deployConversion(parent, value, target);
    case 'cpu_shares': {
      const cpu = cpuSharesToScaleCpu(value, target);
      return cpu === undefined ? undefined : scaleConversion(parent, [['cpu', cpu]], `Convert to scale.cpu: ${cpu}`);
    }
    case 'cpus': {
      const cpu = cpusToScaleCpu(value, target);
      return cpu === undefined ? undefined : scaleConversion(parent, [['cpu', cpu]], `Convert to scale.cpu: ${cpu}`);
    }
    case 'mem_limit':
    case 'mem_reservation': {
      const memory = memoryToMiB(value);
      return memory === undefined ? undefined : scaleConversion(parent, [['memory', memory]], `Convert to scale.memory: ${memory}`);
    }
    case 'stop_grace_period': {
      const grace = composeDurationSeconds(value);
      return grace === undefined ? undefined : sectionConversion(parent, 'termination', [['grace', grace]], `Convert to termination.grace: ${grace}`);
    }
    default:
      return undefined;
  }
}

function isScalarText(value: Plain): boolean {
  return (typeof value === 'string' && !isInterpolated(value)) || typeof value === 'number';
}

/** Entries added to the service's `scale` (created when absent, merged into a map that has none of them). */
function scaleConversion(service: PlainMap, entries: YamlEntry[], title: string): Conversion | undefined {
  return sectionConversion(service, 'scale', entries, title);
}

function sectionConversion(service: PlainMap, section: string, entries: YamlEntry[], title: string): Conversion | undefined {
  if (entries.length === 0) return undefined;
  const existing = service[section];
  if (existing === undefined) return { kind: 'replace', title, entries: [[section, entries]] };
  if (!isMap(existing) || entries.some(([key]) => existing[key] !== undefined)) return undefined;
  return { kind: 'merge', title, into: section, entries };
}

interface PortsConversion {
  port?: number;
  convert?: Conversion;
}

/**
 * `ports: ["80:80", "5000/udp"]` -> `port: 80` (the first HTTP-like mapped port, when the service has no `port`) and,
 * on v3, the other container ports as `ports`. v2 racks have no `ports`: the rest is dropped there.
 */
function portsConversion(context: CheckContext, service: PlainMap, items: Plain[]): PortsConversion | undefined {
  const target = context.settings.target;
  const parsed = items.map(parseComposePort);
  if (parsed.some((p) => p === undefined)) return undefined; // `${VAR}` or an odd value: leave it to the user
  const ports = parsed as ComposePort[];
  const hasPort = service.port !== undefined;
  const port = hasPort ? undefined : httpPort(ports.filter((p) => p.mapping));
  const existingPort = typeof service.port === 'number' ? service.port : Number(String(service.port ?? '').replace(/^\w+:/, '')) || undefined;
  const rest: (string | number)[] = [];
  for (const p of ports) {
    const item = convoxPortItem(p);
    if (item === undefined) return undefined; // a range: no single container port to write
    if ((p.container === port || p.container === existingPort) && p.protocol === 'tcp') continue;
    if (!rest.includes(item)) rest.push(item);
  }
  const entries: YamlEntry[] = [];
  if (port !== undefined) entries.push(['port', port]);
  if (target === 'v3' && rest.length) entries.push(['ports', { items: rest }]);
  if (entries.length === 0) return { port };
  const title = port !== undefined ? `Convert to port: ${port}` : 'Convert to container ports';
  if (port === undefined && target !== 'v3') return { port };
  return { port, convert: { kind: 'replace', title, entries } };
}

function exposeConversion(service: PlainMap, value: Plain): Conversion | undefined {
  if (service.port !== undefined) return undefined;
  const items = Array.isArray(value) ? value : [value];
  if (items.length !== 1) return undefined;
  const parsed = parseComposePort(items[0]);
  if (!parsed || parsed.container === undefined || parsed.protocol !== 'tcp') return undefined;
  return { kind: 'replace', title: `Convert to port: ${parsed.container}`, entries: [['port', parsed.container]] };
}

/** `depends_on` / `links` entries that name a resource move to `resources:`; the others are dropped. */
function resourcesConversion(context: CheckContext, service: PlainMap, value: Plain): Conversion | undefined {
  const defined = new Set(entriesAt(context.document, ['resources']).map(([name]) => name));
  const names = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : isMap(value) ? Object.keys(value) : [];
  const resources = [...new Set(names.filter((name) => defined.has(name)))];
  if (resources.length === 0) return undefined;
  const existing = service.resources;
  if (existing === undefined) return { kind: 'replace', title: 'Move to resources', entries: [['resources', { items: resources }]] };
  if (!Array.isArray(existing)) return undefined;
  const listed = new Set(existing.map((item) => String(item).split(':')[0].trim()));
  return { kind: 'append', title: 'Move to resources', into: 'resources', items: resources.filter((name) => !listed.has(name)) };
}

/** `healthcheck.test` with an HTTP URL (curl, wget) -> `health: <path>`, with interval/timeout/start_period in seconds. */
function healthConversion(service: PlainMap, value: Plain): Conversion | undefined {
  if (service.health !== undefined || !isMap(value) || value.disable === true) return undefined;
  const test = value.test;
  const words = Array.isArray(test) ? test.filter((w): w is string | number => typeof w === 'string' || typeof w === 'number').map(String) : typeof test === 'string' ? [test] : [];
  const command = words[0] === 'CMD' || words[0] === 'CMD-SHELL' ? words.slice(1).join(' ') : words.join(' ');
  if (isInterpolated(command)) return undefined;
  const path = httpCheck(command)?.path;
  if (!path) return undefined;
  const timings: YamlEntry[] = [];
  const grace = composeDurationSeconds(value.start_period);
  const interval = composeDurationSeconds(value.interval);
  const timeout = composeDurationSeconds(value.timeout);
  if (grace) timings.push(['grace', grace]);
  if (interval) timings.push(['interval', interval]);
  if (timeout) timings.push(['timeout', timeout]);
  const entries: YamlEntry[] = timings.length ? [['health', [['path', path], ...timings]]] : [['health', path]];
  return { kind: 'replace', title: `Convert to health: ${path}`, entries };
}

/** `deploy.replicas` -> `scale.count`; `deploy.resources` cpus and memory -> `scale.cpu` / `scale.memory` (`scale.limit` on v3). */
function deployConversion(service: PlainMap, value: Plain, target: Target): Conversion | undefined {
  if (!isMap(value)) return undefined;
  const entries: YamlEntry[] = [];
  if (typeof value.replicas === 'number' && Number.isInteger(value.replicas) && value.replicas >= 0) entries.push(['count', value.replicas]);
  const resources = isMap(value.resources) ? value.resources : {};
  const reservations = isMap(resources.reservations) ? resources.reservations : {};
  const limits = isMap(resources.limits) ? resources.limits : {};
  const cpu = cpusToScaleCpu(reservations.cpus, target) ?? cpusToScaleCpu(limits.cpus, target);
  const memory = memoryToMiB(reservations.memory) ?? memoryToMiB(limits.memory);
  if (cpu !== undefined) entries.push(['cpu', cpu]);
  if (memory !== undefined) entries.push(['memory', memory]);
  if (target === 'v3') {
    // With both reservations and limits, the limits become scale.limit (v3 only).
    const limit: YamlEntry[] = [];
    const limitCpu = cpusToScaleCpu(reservations.cpus, target) !== undefined ? cpusToScaleCpu(limits.cpus, target) : undefined;
    const limitMemory = memoryToMiB(reservations.memory) !== undefined ? memoryToMiB(limits.memory) : undefined;
    if (limitCpu !== undefined) limit.push(['cpu', limitCpu]);
    if (limitMemory !== undefined) limit.push(['memory', limitMemory]);
    if (limit.length) entries.push(['limit', limit]);
  }
  return scaleConversion(service, entries, 'Convert deploy to scale');
}

// --- writing entries ---------------------------------------------------------------------------------------------

/** YAML lines (2-space nesting, starting at column 0) for entries; lists in flow style (`[5000, 5001/udp]`) on request. */
export function renderEntries(entries: readonly YamlEntry[], options: { flowLists?: boolean } = {}): string[] {
  const lines: string[] = [];
  const item = (value: string | number, flow: boolean) => (typeof value === 'number' ? String(value) : yamlString(value, { flow }));
  for (const [key, value] of entries) {
    if (Array.isArray(value)) {
      lines.push(`${key}:`, ...renderEntries(value, options).map((line) => `  ${line}`));
    } else if (typeof value === 'object') {
      if (options.flowLists) lines.push(`${key}: [${value.items.map((v) => item(v, true)).join(', ')}]`);
      else lines.push(`${key}:`, ...value.items.map((v) => `  - ${item(v, false)}`));
    } else {
      lines.push(`${key}: ${typeof value === 'string' ? yamlString(value) : value}`);
    }
  }
  return lines;
}
