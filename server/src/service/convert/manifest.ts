import { Document, isMap, isPair, isScalar, Pair, Scalar, visit, YAMLMap } from 'yaml';
import { yamlString } from '../text/yamlQuote';
import type { ResourceType } from './datastores';

/** The convox.yml a conversion writes, built key by key in a fixed order so the output is stable. */

export interface OutHealth {
  path?: string;
  grace?: number;
  interval?: number;
  timeout?: number;
  disable?: boolean;
}

export interface OutService {
  name: string;
  build?: string | { path?: string; manifest?: string };
  image?: string;
  command?: string;
  domain?: string;
  port?: number | string;
  ports: (number | string)[];
  internal?: boolean;
  agent?: boolean;
  health?: OutHealth;
  /** `KEY`, `KEY=value` entries, in order, one per name. */
  environment: Map<string, string | undefined>;
  resources: string[];
  volumes: string[];
  scale: { count?: number | string; cpu?: number; memory?: number; limit?: { cpu?: number; memory?: number } };
  privileged?: boolean;
  deployment?: { minimum?: number; maximum?: number };
  drain?: number;
  timeout?: number;
  termination?: { grace?: number };
  lifecycle?: { postStart?: string; preStop?: string };
  labels: Map<string, string>;
  annotations: string[];
  securityContext?: {
    runAsUser?: number;
    runAsGroup?: number;
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
    capabilities?: { add?: string[]; drop?: string[] };
    seccompProfile?: string;
  };
  initContainer?: { command?: string };
}

export interface OutResource {
  type: ResourceType;
  options: Map<string, string>;
}

export interface OutTimer {
  schedule: string;
  command: string;
  service: string;
}

export interface OutManifest {
  environment: Map<string, string | undefined>;
  resources: Map<string, OutResource>;
  services: OutService[];
  timers: Map<string, OutTimer>;
}

export function newService(name: string): OutService {
  return { name, ports: [], environment: new Map(), resources: [], volumes: [], scale: {}, labels: new Map(), annotations: [] };
}

export function newManifest(): OutManifest {
  return { environment: new Map(), resources: new Map(), services: [], timers: new Map() };
}

type Value = string | number | boolean | Value[] | { [key: string]: Value };

function compact(entries: [string, Value | undefined][]): { [key: string]: Value } | undefined {
  const out: { [key: string]: Value } = {};
  for (const [key, value] of entries) {
    if (value === undefined) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) continue;
    out[key] = value;
  }
  return Object.keys(out).length ? out : undefined;
}

function environmentList(environment: Map<string, string | undefined>): string[] {
  return [...environment].map(([name, value]) => (value === undefined ? name : `${name}=${value}`));
}

function health(h: OutHealth | undefined): Value | undefined {
  if (!h) return undefined;
  const keys = Object.entries(h).filter(([, v]) => v !== undefined);
  if (keys.length === 1 && h.path !== undefined) return h.path;
  return compact([
    ['path', h.path],
    ['grace', h.grace],
    ['interval', h.interval],
    ['timeout', h.timeout],
    ['disable', h.disable],
  ]);
}

function service(s: OutService): Value {
  const scaleKeys = compact([
    ['count', s.scale.count],
    ['cpu', s.scale.cpu],
    ['memory', s.scale.memory],
    ['limit', s.scale.limit && compact([['cpu', s.scale.limit.cpu], ['memory', s.scale.limit.memory]])],
  ]);
  const build = typeof s.build === 'object' ? compact([['path', s.build.path], ['manifest', s.build.manifest]]) : s.build;
  return (
    compact([
      ['build', build],
      ['image', s.image],
      ['command', s.command],
      ['domain', s.domain],
      ['port', s.port],
      ['ports', s.ports],
      ['internal', s.internal],
      ['agent', s.agent],
      ['health', health(s.health)],
      ['environment', environmentList(s.environment)],
      ['resources', s.resources],
      ['volumes', s.volumes],
      ['scale', scaleKeys && Object.keys(scaleKeys).length === 1 && typeof scaleKeys.count === 'number' ? scaleKeys.count : scaleKeys],
      ['privileged', s.privileged],
      ['deployment', s.deployment && compact([['minimum', s.deployment.minimum], ['maximum', s.deployment.maximum]])],
      ['drain', s.drain],
      ['timeout', s.timeout],
      ['termination', s.termination && compact([['grace', s.termination.grace]])],
      ['lifecycle', s.lifecycle && compact([['postStart', s.lifecycle.postStart], ['preStop', s.lifecycle.preStop]])],
      ['labels', compact([...s.labels])],
      ['annotations', s.annotations],
      [
        'securityContext',
        s.securityContext &&
          compact([
            ['runAsUser', s.securityContext.runAsUser],
            ['runAsGroup', s.securityContext.runAsGroup],
            ['readOnlyRootFilesystem', s.securityContext.readOnlyRootFilesystem],
            ['allowPrivilegeEscalation', s.securityContext.allowPrivilegeEscalation],
            ['capabilities', s.securityContext.capabilities && compact([['add', s.securityContext.capabilities.add], ['drop', s.securityContext.capabilities.drop]])],
            ['seccompProfile', s.securityContext.seccompProfile],
          ]),
      ],
      ['initContainer', s.initContainer && compact([['command', s.initContainer.command]])],
    ]) ?? {}
  );
}

/**
 * The manifest as YAML: a comment header, then `environment`, `resources`, `services`, `timers`, with a blank line
 * between sections and services. Strings are quoted where YAML 1.1 (Convox's parser) would read them as something
 * else (`yes`, `0755`, `5000:50`).
 */
export function stringifyManifest(manifest: OutManifest, header: string[]): string {
  const resources = compact(
    [...manifest.resources].map(([name, r]) => [name, compact([['type', r.type], ['options', compact([...r.options])]])] as [string, Value | undefined]),
  );
  const services = Object.fromEntries(manifest.services.map((s) => [s.name, service(s)]));
  const timers = compact(
    [...manifest.timers].map(([name, t]) => [name, compact([['schedule', t.schedule], ['command', t.command], ['service', t.service]])] as [string, Value | undefined]),
  );
  const root = compact([
    ['environment', environmentList(manifest.environment)],
    ['resources', resources],
    ['services', services],
    ['timers', timers],
  ]) ?? { services: {} };
  if (!root.services) root.services = {};

  const doc = new Document(root, { version: '1.2' });
  // Plain where Convox's YAML 1.1 parser reads the text back unchanged, quoted otherwise (`yes`, `0755`, `5000:50`).
  visit(doc, {
    Scalar(_, node) {
      // `.` (the usual build path) is a string for yaml.v2 as well (see document.ts), though YAML 1.1 floats look alike.
      if (typeof node.value === 'string' && node.value !== '.' && !plainIsSafe(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  const top = doc.contents as YAMLMap;
  top.items.forEach((pair, index) => {
    if (index > 0) setSpaceBefore(pair);
    const value = (pair as Pair).value;
    if (isMap(value) && ['resources', 'services', 'timers'].includes(String((pair.key as Scalar).value))) {
      value.items.forEach((item, i) => {
        if (i > 0) setSpaceBefore(item);
      });
    }
  });
  const body = doc.toString({ lineWidth: 0, indentSeq: true, singleQuote: false, flowCollectionPadding: false });
  return `${header.map((line) => `# ${line}`).join('\n')}\n${body}`;
}

/** `yamlString` parses each candidate; the same strings (env entries, paths) recur across services and edits. */
const plainSafe = new Map<string, boolean>();
function plainIsSafe(value: string): boolean {
  let safe = plainSafe.get(value);
  if (safe === undefined) {
    safe = yamlString(value) === value;
    if (plainSafe.size > 10_000) plainSafe.clear();
    plainSafe.set(value, safe);
  }
  return safe;
}

function setSpaceBefore(pair: unknown): void {
  if (isPair(pair) && isScalar(pair.key)) (pair.key as Scalar).spaceBefore = true;
}
