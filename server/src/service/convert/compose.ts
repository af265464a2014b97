import { COMPOSE_BUILD_KEYS, COMPOSE_SERVICE_KEYS, COMPOSE_TOP_LEVEL_KEYS, ComposeKey } from '../compose/keys';
import { composeDurationSeconds, cpuSharesToScaleCpu, cpusToScaleCpu, memoryToMiB } from '../compose/units';
import { envPrefix, RESOURCE_ENV_SUFFIXES } from '../resourceEnv';
import type { Target } from '../settings';
import { shellJoin } from '../text/shellQuote';
import { Datastore, datastoreFor, DEFAULT_VERSIONS, imageParts, ResourceType, UNMANAGED_DATASTORES } from './datastores';
import { convertEnvFiles, convertEnvironment, EnvSources, environmentVars, list } from './environment';
import { healthFromCheck, HealthInfo, shorten } from './health';
import { convertLabels, Gen1Settings, readLabels } from './labels';
import { newManifest, newService, OutManifest, OutService, stringifyManifest } from './manifest';
import { mergeMaps } from './merge';
import { convoxName, Names } from './names';
import { choosePorts, PortItem, portItems } from './ports';
import { child, Session } from './session';
import { withComposeKinds } from './kinds';
import { CEntry, CMap, composeBoolean, CValue, entry, get, isNull, items, loadYaml, Span, text } from './tree';
import type { ComposeOptions, ConversionResult } from './types';
import { rewrite, stringValue } from './values';
import { convertTmpfs, convertVolumes, parseVolume, VolumeUsers } from './volumes';

/**
 * docker-compose.yml (any format: v1 without `services:`, v2, v3, the compose spec; Gen1 Convox files with
 * `convox.*` labels) to convox.yml. See docs/conversion.md for the mapping of every key.
 */
export function convertCompose(text: string, options: ComposeOptions & { target?: Target }): ConversionResult {
  const session = new Session();
  session.addFile({ name: options.fileName, text });
  const fail = (message: string, span?: Span): ConversionResult => {
    session.note('manual-step', '', span, message);
    return { manifest: '', report: session.report(), error: message, mapped: session.mapped() };
  };
  const loaded = loadYaml(text, 0);
  if (loaded.errors.length) return fail(`YAML syntax error: ${loaded.errors[0].message}. Fix it (docker compose cannot read the file either) and convert again.`, loaded.errors[0].span);
  let root = loaded.root;
  if (!root || root.kind !== 'map') return fail('The file is not a docker-compose file: it has no services.', root?.span);

  const readFile = options.readFile;
  const merged: string[] = [];
  for (const override of options.overrides ?? defaultOverrides(options.fileName, readFile)) {
    const content = readFile?.(override);
    if (content === undefined) {
      session.note('manual-step', '', undefined, `The override file ${override} could not be read: it is not merged.`);
      continue;
    }
    const index = session.addFile({ name: override, text: content });
    const over = loadYaml(content, index);
    if (over.errors.length || over.root?.kind !== 'map') {
      session.note('manual-step', '', over.errors[0]?.span ?? { file: index, start: 0, end: 0 }, `The override file ${override} is not valid YAML${over.errors[0] ? ` (${over.errors[0].message})` : ''}: it is not merged.`);
      continue;
    }
    root = mergeTop(root, over.root);
    merged.push(baseName(override));
  }

  const converter = new ComposeConverter(session, root, options);
  const manifest = converter.convert();
  const sources = [baseName(options.fileName), ...merged].join(' + ');
  const header = [`Converted from ${sources} by convox-yml (convox-yml convert).`, 'Read the conversion report: what was approximated, dropped or needs a manual step.'];
  return { manifest: options.reportOnly ? '' : stringifyManifest(manifest, header), report: session.report(), mapped: session.mapped() };
}

export function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

const OVERRIDE_NAMES = ['compose.override.yaml', 'compose.override.yml', 'docker-compose.override.yaml', 'docker-compose.override.yml'];

/** Docker compose merges `docker-compose.override.yml` (or `compose.override.yaml`) when it finds one. */
function defaultOverrides(fileName: string, readFile: ComposeOptions['readFile']): string[] {
  if (!readFile || OVERRIDE_NAMES.includes(baseName(fileName))) return [];
  const found = OVERRIDE_NAMES.find((name) => readFile(name) !== undefined);
  return found ? [found] : [];
}

/** An override file over the main one: services merge one by one, other top-level maps key by key. */
function mergeTop(base: CMap, over: CMap): CMap {
  const entries = base.entries.map((e) => ({ ...e }));
  for (const next of over.entries) {
    const index = entries.findIndex((e) => e.key === next.key);
    if (index < 0) {
      entries.push(next);
      continue;
    }
    const current = entries[index].value;
    if (current.kind === 'map' && next.value.kind === 'map') {
      const merged = next.key === 'services' ? mergeServices(current, next.value) : mergeShallow(current, next.value);
      entries[index] = { ...entries[index], value: merged };
    } else {
      entries[index] = next;
    }
  }
  return { ...base, entries };
}

function mergeServices(base: CMap, over: CMap): CMap {
  const entries = base.entries.map((e) => ({ ...e }));
  for (const next of over.entries) {
    const index = entries.findIndex((e) => e.key === next.key);
    const current = index >= 0 ? entries[index].value : undefined;
    if (index < 0) entries.push(next);
    else entries[index] = { ...next, value: current?.kind === 'map' && next.value.kind === 'map' ? mergeMaps(current, next.value) : next.value };
  }
  return { ...base, entries };
}

function mergeShallow(base: CMap, over: CMap): CMap {
  const entries = base.entries.filter((e) => !over.entries.some((o) => o.key === e.key));
  return { ...base, entries: [...entries, ...over.entries] };
}

// --- the converter ---------------------------------------------------------------------------------------------

interface ComposeService {
  composeName: string;
  path: string;
  keySpan: Span;
  body: CMap;
}

interface ResourceInfo {
  name: string;
  type: ResourceType;
  composeName: string;
  /** Compose env of the datastore (POSTGRES_PASSWORD, ...), to recognize credentials copied into apps. */
  credentials: Map<string, string>;
  /** Hostnames other services used for it (service name, container_name, hostname, link aliases). */
  hosts: Set<string>;
}

/** Datastore image variables that set the credentials an app then repeats (`POSTGRES_PASSWORD`, `MYSQL_USER`, ...). */
const CREDENTIAL = /^(POSTGRES|MYSQL|MARIADB|REDIS|PG)_(USER|PASSWORD|DB|DATABASE|ROOT_PASSWORD)$/;

/** Keys of a service this converter handles itself (everything else is looked up in the compose key table). */
export const HANDLED_SERVICE_KEYS: ReadonlySet<string> = new Set([
  'image',
  'build',
  'dockerfile',
  'command',
  'entrypoint',
  'environment',
  'env_file',
  'ports',
  'expose',
  'healthcheck',
  'deploy',
  'scale',
  'cpus',
  'cpu_shares',
  'mem_limit',
  'mem_reservation',
  'volumes',
  'tmpfs',
  'depends_on',
  'links',
  'labels',
  'annotations',
  'privileged',
  'cap_add',
  'cap_drop',
  'read_only',
  'user',
  'security_opt',
  'stop_grace_period',
  'profiles',
  'extends',
  'init',
  'post_start',
  'pre_stop',
]);

/** Table keys that leave the user something to do (the others are simply not needed on Convox). */
const MANUAL_KEYS = new Set(['entrypoint', 'secrets', 'configs', 'working_dir', 'gpus', 'volumes_from', 'label_file', 'devices', 'shm_size', 'sysctls', 'ulimits']);

/** Keys of older compose formats that the key table does not list. */
export const LEGACY_KEYS: Readonly<Record<string, ComposeKey>> = {
  volume_driver: { convox: 'ignores it', instead: 'Volumes are emptyDirs, or `volumeOptions` on v3 racks.' },
  cpuset: { convox: 'ignores it' },
  mem_swappiness: { convox: 'ignores it' },
  log_driver: { convox: 'collects what the container writes to stdout and stderr', instead: 'Read the logs with `convox logs`.' },
  log_opt: { convox: 'collects what the container writes to stdout and stderr', instead: 'Read the logs with `convox logs`.' },
  net: { convox: 'ignores it: the services of an app share one network' },
};

class ComposeConverter {
  private readonly manifest: OutManifest = newManifest();
  private readonly services: ComposeService[] = [];
  private readonly resources = new Map<string, ResourceInfo>();
  private readonly serviceNames = new Map<string, string>();
  private readonly outputs = new Map<string, OutService>();
  private readonly envSources = new Map<string, EnvSources>();
  private readonly volumeUsers: VolumeUsers = new Map();
  private readonly target: Target;

  constructor(
    private readonly session: Session,
    private readonly root: CMap,
    private readonly options: ComposeOptions & { target?: Target },
  ) {
    this.target = options.target ?? 'v3';
  }

  convert(): OutManifest {
    this.topLevel();
    this.classify();
    for (const service of this.services) {
      const out = this.outputs.get(service.composeName);
      if (out) this.convertService(service, out);
    }
    for (const service of this.services) {
      const out = this.outputs.get(service.composeName);
      if (out) this.linkByEnvironment(service, out);
    }
    this.hoistEnvironment();
    // `${VAR}` kept for Convox to substitute: declared without a value, so the deploy fails while VAR is unset
    // instead of building with an empty value.
    for (const name of [...this.session.variables].sort()) {
      if (!this.manifest.environment.has(name)) this.manifest.environment.set(name, undefined);
    }
    return this.manifest;
  }

  // --- top level -----------------------------------------------------------------------------------------------

  private topLevel(): void {
    const { session, root } = this;
    const servicesEntry = entry(root, 'services');
    const v1 = !servicesEntry;
    const serviceEntries: CEntry[] = [];
    for (const e of root.entries) {
      const path = child('', e.key);
      if (e.key.startsWith('x-')) {
        session.map(path);
        continue;
      }
      if (v1 && !(e.key in COMPOSE_TOP_LEVEL_KEYS)) {
        serviceEntries.push(e);
        continue;
      }
      switch (e.key) {
        case 'services':
          if (e.value.kind === 'map' && e.value.entries.length) serviceEntries.push(...e.value.entries);
          else if (e.value.kind === 'map') session.map(path);
          else if (!isNull(e.value)) session.note('dropped', path, e.keySpan, 'services is not a map of services: nothing to convert.');
          break;
        case 'version':
          session.map(path);
          break;
        case 'name': {
          const name = text(e.value);
          session.note('manual-step', path, e.keySpan, `The project name has no place in convox.yml: create the app with \`convox apps create ${name ? new Names().allocate(rewrite(name).text) : '<name>'}\` and deploy to it.`);
          break;
        }
        case 'volumes':
          this.topLevelVolumes(e.value, path);
          break;
        default: {
          const known = COMPOSE_TOP_LEVEL_KEYS[e.key];
          if (known) session.note(e.key === 'networks' ? 'dropped' : 'manual-step', path, e.keySpan, tableMessage(e.key, known));
          else session.note('dropped', path, e.keySpan, `Unknown compose key ${e.key}: not converted.`);
        }
      }
    }
    const prefix = v1 ? '' : 'services';
    for (const e of serviceEntries) {
      const path = child(prefix, e.key);
      if (e.value.kind !== 'map' && !isNull(e.value)) {
        session.note('dropped', path, e.keySpan, `${e.key} is not a service definition (a map): not converted.`);
        continue;
      }
      const body: CMap = e.value.kind === 'map' ? e.value : { kind: 'map', entries: [], span: e.value.span };
      if (!body.entries.length) session.map(path);
      this.services.push({ composeName: e.key, path, keySpan: e.keySpan, body });
    }
    // `extends` needs every service read first.
    const resolved = new Map<string, CMap>();
    for (const service of this.services) service.body = this.resolveExtends(service, resolved, []);
    for (const service of this.services) service.body = withComposeKinds(this.session, service.body, service.path);
  }

  private topLevelVolumes(value: CValue, path: string): void {
    if (value.kind !== 'map') {
      this.session.map(path);
      return;
    }
    for (const e of value.entries) {
      const volumePath = child(path, e.key);
      const settings = e.value.kind === 'map' ? e.value.entries.filter((s) => !s.key.startsWith('x-')) : [];
      if (settings.length) {
        this.session.note('dropped', volumePath, e.keySpan, `The volume settings (${settings.map((s) => s.key).join(', ')}) have no equivalent: ${COMPOSE_TOP_LEVEL_KEYS.volumes.instead}`);
      } else {
        this.session.map(volumePath);
      }
    }
  }

  private resolveExtends(service: ComposeService, resolved: Map<string, CMap>, stack: string[]): CMap {
    const done = resolved.get(service.composeName);
    if (done) return done;
    const extendsEntry = entry(service.body, 'extends');
    let body = service.body;
    if (extendsEntry) {
      const path = child(service.path, 'extends');
      const value = extendsEntry.value;
      const baseName = value.kind === 'map' ? text(get(value, 'service')) : text(value);
      const file = value.kind === 'map' ? text(get(value, 'file')) : undefined;
      const own: CMap = { ...body, entries: body.entries.filter((e) => e.key !== 'extends') };
      let base: CMap | undefined;
      if (!baseName) {
        this.session.note('dropped', path, extendsEntry.keySpan, 'extends names no service: ignored.');
      } else if (file) {
        base = this.externalService(file, baseName, path, extendsEntry.keySpan);
      } else if (stack.includes(baseName)) {
        this.session.note('dropped', path, extendsEntry.keySpan, `extends loops back to ${baseName}: ignored.`);
      } else {
        const target = this.services.find((s) => s.composeName === baseName);
        if (target) base = this.resolveExtends(target, resolved, [...stack, service.composeName]);
        else this.session.note('manual-step', path, extendsEntry.keySpan, `extends names ${baseName}, which is not a service of this file: copy its settings by hand.`);
      }
      if (base) this.session.map(path);
      // `!reset` removes what the base set: nothing is left to convert.
      for (const e of own.entries) if (e.value.tag === '!reset') this.session.map(child(service.path, e.key));
      body = base ? mergeMaps(base, own) : own;
    }
    resolved.set(service.composeName, body);
    return body;
  }

  private externalService(file: string, name: string, path: string, span: Span): CMap | undefined {
    const content = this.options.readFile?.(file);
    if (content === undefined) {
      this.session.note('manual-step', path, span, `extends reads ${name} from ${file}, which could not be read: copy its settings by hand.`);
      return undefined;
    }
    const index = this.session.addFile({ name: file, text: content });
    const loaded = loadYaml(content, index);
    const services = loaded.root ? (get(loaded.root, 'services') ?? loaded.root) : undefined;
    const base = get(services, name);
    if (base?.kind !== 'map') {
      this.session.note('manual-step', path, span, `extends names ${name} in ${file}, which has no such service: copy its settings by hand.`);
      return undefined;
    }
    return base;
  }

  // --- services and resources ----------------------------------------------------------------------------------

  private classify(): void {
    const serviceNames = new Names();
    const resourceNames = new Names();
    for (const service of this.services) {
      const { body } = service;
      const image = text(get(body, 'image'));
      const store = image && !entry(body, 'build') ? datastoreFor(rewrite(image).text) : undefined;
      if (store) {
        const name = resourceNames.allocate(service.composeName);
        const hosts = new Set([service.composeName, text(get(body, 'container_name')), text(get(body, 'hostname'))].filter((h): h is string => !!h));
        const credentials = new Map<string, string>();
        for (const v of environmentVars(get(body, 'environment'), '')) if (v.value && CREDENTIAL.test(v.name)) credentials.set(v.name, rewrite(v.value).text);
        this.resources.set(service.composeName, { name, type: store.type, composeName: service.composeName, credentials, hosts });
        this.convertResource(service, name, store);
        continue;
      }
      const name = serviceNames.allocate(service.composeName);
      this.serviceNames.set(service.composeName, name);
      if (name !== service.composeName) {
        this.session.note(
          'converted-approximately',
          service.path,
          service.keySpan,
          `${JSON.stringify(service.composeName)} is not a valid Convox service name (lower-case letters, digits and dashes, starting with a letter): it becomes ${name}. Services that reach it by hostname need the new name.`,
        );
      }
      const out = newService(name);
      this.outputs.set(service.composeName, out);
      this.manifest.services.push(out);
    }
    // Named volumes by the services that mount them (compose shares them; Convox does not).
    for (const service of this.services) {
      const out = this.outputs.get(service.composeName);
      if (!out) continue;
      for (const item of items(get(service.body, 'volumes'))) {
        const volume = parseVolume(item);
        if (volume?.type !== 'named' || !volume.source) continue;
        const users = this.volumeUsers.get(volume.source) ?? [];
        if (!users.includes(out.name)) users.push(out.name);
        this.volumeUsers.set(volume.source, users);
      }
    }
  }

  private convertResource(service: ComposeService, name: string, store: Datastore): void {
    const { session } = this;
    const options = new Map<string, string>();
    if (store.version) options.set('version', store.version);
    this.manifest.resources.set(name, { type: store.type, options });
    const prefix = envPrefix(name);
    const injected = RESOURCE_ENV_SUFFIXES.map((s) => `${prefix}_${s}`).join(', ');
    const renamed = name !== service.composeName ? ` (named ${name}: ${JSON.stringify(service.composeName)} is not a valid Convox name)` : '';
    session.note(
      'converted-approximately',
      service.path,
      service.keySpan,
      `Converted to the Convox resource ${name}${renamed} of type ${store.type}: Convox runs it and injects ${injected} into the services that link it.`,
    );
    for (const e of service.body.entries) {
      const path = child(service.path, e.key);
      if (e.key.startsWith('x-')) {
        session.map(path);
        continue;
      }
      switch (e.key) {
        case 'image': {
          const image = rewrite(text(e.value) ?? '').text;
          if (!store.version) {
            session.note('manual-step', path, e.value.span, `${image} names no version: Convox runs its default ${store.type} ${DEFAULT_VERSIONS[store.type]}. Set \`options.version\` to the version your data needs.`);
          } else if (store.tag) {
            session.note('converted-approximately', path, e.value.span, `The tag ${store.tag} becomes options.version ${store.version}: Convox picks the image variant itself.`);
          } else if (imageParts(image).name !== store.type && !image.startsWith(`${store.type}:`)) {
            session.note('converted-approximately', path, e.value.span, `${image} is run as Convox's own ${store.type} image (version ${store.version}).`);
          } else {
            session.map(path);
          }
          break;
        }
        case 'environment':
          session.note('dropped', path, e.keySpan, `Convox creates the database, user and password of a resource itself; the app reads them from ${prefix}_URL (or ${prefix}_USER, ${prefix}_PASS, ${prefix}_NAME).`);
          break;
        case 'ports':
        case 'expose':
          session.note('dropped', path, e.keySpan, `A resource is reached inside the rack at ${prefix}_HOST:${prefix}_PORT (or through ${prefix}_URL), not on published ports.`);
          break;
        case 'volumes':
          session.note('dropped', path, e.keySpan, store.type === 'redis' || store.type === 'memcached' ? `Convox runs ${store.type} without a volume.` : `Convox keeps the data on the resource's own volume (options.storage, in GiB, default 10).`);
          break;
        case 'command':
        case 'entrypoint':
          session.note('manual-step', path, e.keySpan, `Convox starts the resource with its default ${e.key}; server options such as ${JSON.stringify(shorten(text(e.value) ?? '', 60))} cannot be passed. Check the app works without them, or run the datastore as a service.`);
          break;
        default:
          session.note('dropped', path, e.keySpan, `${e.key} is not used for a Convox resource: Convox runs and restarts it itself.`);
      }
    }
  }

  private convertService(service: ComposeService, out: OutService): void {
    const { session } = this;
    const { body, path } = service;
    const at = (key: string) => entry(body, key);
    const keyPath = (key: string) => child(path, key);

    // Gen1 labels first: they decide the port, health and agent settings.
    const labelsEntry = at('labels');
    const gen1 = labelsEntry ? convertLabels(session, out, readLabels(labelsEntry.value, keyPath('labels'))) : undefined;
    if (labelsEntry && labelsEntry.value.kind !== 'seq' && labelsEntry.value.kind !== 'map') session.map(keyPath('labels'));

    this.convertBuild(service, out);
    this.convertCommand(service, out);

    const envSources: EnvSources = new Map();
    this.envSources.set(service.composeName, envSources);
    const environment = at('environment');
    if (environment) {
      session.map(keyPath('environment'));
      convertEnvironment(session, out, envSources, environmentVars(environment.value, keyPath('environment')), { path: keyPath('environment'), span: environment.keySpan });
    }
    const envFile = at('env_file');
    if (envFile) convertEnvFiles(session, out, envFile.value, keyPath('env_file'), this.options.readFile);

    // Health before ports: the port a check requests is a hint for which port is the HTTP one.
    const healthcheck = at('healthcheck');
    let health: HealthInfo | undefined;
    if (healthcheck?.value.kind === 'map') health = healthFromCheck(session, healthcheck.value, keyPath('healthcheck'));
    else if (healthcheck) session.note('dropped', keyPath('healthcheck'), healthcheck.keySpan, 'healthcheck is not a map: not converted.');

    this.convertPorts(service, out, gen1, health);
    this.convertHealth(service, out, gen1, health);
    if (gen1?.agent) out.agent = true;
    for (const cron of gen1?.crons ?? []) this.convertCron(out, cron);
    this.convertScale(service, out);

    for (const e of body.entries) {
      const p = keyPath(e.key);
      if (e.value.tag === '!reset') {
        session.map(p);
        continue;
      }
      switch (e.key) {
        case 'volumes':
          session.map(p);
          convertVolumes(session, out, e.value, p, this.volumeUsers);
          break;
        case 'tmpfs':
          session.map(p);
          convertTmpfs(session, out, e.value, p);
          break;
        case 'depends_on':
        case 'links':
          this.convertDependencies(service, out, e);
          break;
        case 'annotations':
          this.convertAnnotations(out, e, p);
          break;
        case 'privileged':
          if (composeBoolean(e.value)) out.privileged = true;
          session.map(p);
          break;
        case 'cap_add':
        case 'cap_drop': {
          const names = items(e.value)
            .map((item) => text(item)?.toUpperCase().replace(/^CAP_/, ''))
            .filter((n): n is string => !!n && /^[A-Z][A-Z0-9_]*$/.test(n));
          const context = (out.securityContext ??= {});
          context.capabilities = { ...context.capabilities, [e.key === 'cap_add' ? 'add' : 'drop']: names };
          session.note('converted-approximately', p, e.keySpan, `Written as securityContext.capabilities.${e.key === 'cap_add' ? 'add' : 'drop'}, which only v3 racks read.`);
          break;
        }
        case 'read_only':
          if (composeBoolean(e.value)) {
            (out.securityContext ??= {}).readOnlyRootFilesystem = true;
            session.note('converted-approximately', p, e.keySpan, 'Written as securityContext.readOnlyRootFilesystem, which only v3 racks read.');
          } else session.map(p);
          break;
        case 'user': {
          const user = /^(\d+)(?::(\d+))?$/.exec(text(e.value) ?? '');
          if (user) {
            const context = (out.securityContext ??= {});
            context.runAsUser = Number(user[1]);
            if (user[2] !== undefined) context.runAsGroup = Number(user[2]);
            session.note('converted-approximately', p, e.keySpan, 'Written as securityContext.runAsUser/runAsGroup, which only v3 racks read; set USER in the Dockerfile for v2 racks.');
          } else {
            session.note('manual-step', p, e.keySpan, `The user ${JSON.stringify(text(e.value) ?? '')} is a name: set USER in the Dockerfile (securityContext takes numeric ids only).`);
          }
          break;
        }
        case 'security_opt':
          this.convertSecurityOptions(out, e, p);
          break;
        case 'stop_grace_period': {
          const seconds = composeDurationSeconds(rewrite(text(e.value) ?? '').text);
          if (seconds === undefined) session.note('dropped', p, e.keySpan, `${JSON.stringify(text(e.value) ?? '')} is not a duration: not converted.`);
          else {
            out.termination = { grace: seconds };
            session.map(p);
          }
          break;
        }
        case 'profiles':
          // Handled with scale.
          break;
        case 'extends':
          break;
        case 'init':
          session.note('dropped', p, e.keySpan, "Docker's init (tini as PID 1) has no Convox option: add tini to the image's ENTRYPOINT if the process needs it to reap children or forward signals.");
          break;
        case 'post_start':
        case 'pre_stop':
          this.convertLifecycle(out, e, p);
          break;
        default:
          if (e.key.startsWith('x-')) session.map(p);
          else if (!HANDLED_SERVICE_KEYS.has(e.key)) this.unconverted(e, p);
      }
    }
  }

  /** A Gen1 `convox.cron.<name>` label: a timer that runs the command in this service. */
  private convertCron(out: OutService, cron: Gen1Settings['crons'][number]): void {
    let name = convoxName(cron.name);
    for (let n = 2; this.manifest.timers.has(name); n++) name = `${convoxName(cron.name)}-${n}`;
    this.manifest.timers.set(name, { schedule: cron.schedule, command: cron.command, service: out.name });
    const renamed = name !== cron.name ? ` (${JSON.stringify(cron.name)} is not a valid Convox name)` : '';
    this.session.note(
      'converted-approximately',
      cron.label.path,
      cron.label.span,
      `Becomes the timer ${name}${renamed} with the schedule ${JSON.stringify(cron.schedule)}. Gen1 ran it as an AWS cron; v3 racks run it as a Kubernetes CronJob (UTC, \`?\` read as \`*\`, day-of-week 0-6 from Sunday: check numeric days).`,
    );
  }

  /** A compose key with no convox.yml equivalent: the reason from the compose key table. */
  private unconverted(e: CEntry, path: string): void {
    const known = COMPOSE_SERVICE_KEYS[e.key] ?? LEGACY_KEYS[e.key];
    if (!known) {
      this.session.note('dropped', path, e.keySpan, `Unknown compose key ${e.key}: not converted.`);
      return;
    }
    this.session.note(MANUAL_KEYS.has(e.key) ? 'manual-step' : 'dropped', path, e.keySpan, tableMessage(e.key, known));
  }

  private convertBuild(service: ComposeService, out: OutService): void {
    const { session } = this;
    const { body, path } = service;
    const build = entry(body, 'build');
    const image = entry(body, 'image');
    const dockerfile = entry(body, 'dockerfile');
    let buildPath: string | undefined;
    let manifest: string | undefined;
    if (build) {
      const p = child(path, 'build');
      if (build.value.kind === 'map') {
        for (const e of build.value.entries) {
          const kp = child(p, e.key);
          switch (e.key) {
            case 'context':
              buildPath = stringValue(session, e.value, kp);
              session.map(kp);
              break;
            case 'dockerfile':
              manifest = stringValue(session, e.value, kp);
              session.map(kp);
              break;
            case 'args': {
              const names = environmentVars(e.value, kp).map((v) => v.name);
              session.note(
                'manual-step',
                kp,
                e.keySpan,
                `Convox does not pass build args from convox.yml: it fills Dockerfile ARGs from the app environment. Set ${list(names) || 'them'} with \`convox env set\` (or \`convox build --build-args NAME=value\`).`,
              );
              break;
            }
            default: {
              if (e.key.startsWith('x-')) {
                session.map(kp);
                break;
              }
              const known = COMPOSE_BUILD_KEYS[e.key];
              if (known) session.note(['target', 'dockerfile_inline', 'secrets'].includes(e.key) ? 'manual-step' : 'dropped', kp, e.keySpan, tableMessage(`build.${e.key}`, known));
              else session.note('dropped', kp, e.keySpan, `Unknown build key ${e.key}: not converted.`);
            }
          }
        }
      } else {
        buildPath = stringValue(session, build.value, p);
        session.map(p);
      }
      buildPath ??= '.';
      if (/^(https?:\/\/|git@|git:\/\/|github\.com\/)/.test(buildPath)) {
        session.note('manual-step', p, build.keySpan, `The build context ${buildPath} is a remote repository: Convox builds from the source you deploy. Check the code out and point build at it.`);
        buildPath = '.';
      } else if (/(^|\/)[^/]*(dockerfile)[^/]*$/i.test(buildPath) && !manifest) {
        const slash = buildPath.lastIndexOf('/');
        manifest = buildPath.slice(slash + 1);
        buildPath = slash > 0 ? buildPath.slice(0, slash) : '.';
        session.note('converted-approximately', p, build.value.span, `The build context names a Dockerfile; it is split into path ${buildPath} and manifest ${manifest} (docker compose itself needs a folder here).`);
      }
      if (buildPath.startsWith('..')) {
        session.note('converted-approximately', p, build.value.span, `The build path ${buildPath} is outside this folder: Convox builds from what \`convox deploy\` uploads, so keep convox.yml at the top of the tree it builds from and adjust the path.`);
      }
    }
    if (dockerfile) {
      const p = child(path, 'dockerfile');
      const value = stringValue(session, dockerfile.value, p);
      if (manifest) session.note('dropped', p, dockerfile.keySpan, `dockerfile is also set under build (${manifest}), which wins.`);
      else {
        manifest = value;
        session.map(p);
      }
      buildPath ??= '.';
    }
    if (buildPath !== undefined) {
      // `Dockerfile` is Convox's default manifest.
      out.build = manifest && manifest !== 'Dockerfile' ? { path: buildPath, manifest } : buildPath;
      if (image) {
        session.note('dropped', child(path, 'image'), image.keySpan, `Compose tags the image it builds as ${JSON.stringify(text(image.value) ?? '')}; Convox builds and names its images itself (with both set, Convox would pull the image instead of building).`);
      }
    } else if (image) {
      const p = child(path, 'image');
      out.image = stringValue(session, image.value, p);
      session.map(p);
      const imageName = imageParts(out.image ?? '').name;
      if (imageName === 'traefik' || imageName === 'nginx-proxy') {
        session.note('manual-step', p, image.value.span, `${imageName} routed requests to the other containers; Convox's load balancer does that for every service with a \`port\` (and \`domain\`), so this service is probably not needed: remove it unless it does more.`);
      }
      const store = UNMANAGED_DATASTORES[imageName];
      if (store) {
        session.note(
          'manual-step',
          p,
          image.value.span,
          `Convox has no ${store} resource: it runs as a service whose volumes are not persistent. Use a hosted ${store} (and set its URL with \`convox env set\`) or mount persistent storage with \`volumeOptions\`.`,
        );
      }
    } else {
      out.build = '.';
      session.note('converted-approximately', service.path, service.keySpan, 'The service has neither image nor build: Convox builds the app folder (build: .).');
    }
  }

  private convertCommand(service: ComposeService, out: OutService): void {
    const { session } = this;
    const command = entry(service.body, 'command');
    if (command && command.value.tag !== '!reset') {
      const p = child(service.path, 'command');
      if (command.value.kind === 'seq') {
        const words = command.value.items.map((item, i) => stringValue(session, item, child(p, i)) ?? '');
        out.command = words.length ? shellJoin(words) : undefined;
        if (!words.length) session.note('dropped', p, command.keySpan, 'An empty command keeps the image CMD, as Convox does without command.');
        else session.map(p);
      } else if (command.value.kind === 'scalar' && command.value.value !== null) {
        out.command = stringValue(session, command.value, p);
        session.map(p);
      } else {
        session.map(p);
      }
    }
    const entrypoint = entry(service.body, 'entrypoint');
    if (entrypoint && entrypoint.value.tag !== '!reset') {
      const value = entrypoint.value.kind === 'seq' ? shellJoin(entrypoint.value.items.map((i) => text(i) ?? '')) : (text(entrypoint.value) ?? '');
      const shown = shorten(value);
      session.note(
        'manual-step',
        child(service.path, 'entrypoint'),
        entrypoint.keySpan,
        `Convox keeps the image's ENTRYPOINT and passes command to it: set ENTRYPOINT ${JSON.stringify(shown)} in the Dockerfile${out.command ? '' : ' (or write the whole command as command)'}.`,
      );
    }
  }

  private convertPorts(service: ComposeService, out: OutService, gen1: Gen1Settings | undefined, health: HealthInfo | undefined): void {
    const { session } = this;
    const all: PortItem[] = [];
    for (const key of ['ports', 'expose'] as const) {
      const e = entry(service.body, key);
      if (!e) continue;
      session.map(child(service.path, key));
      all.push(...portItems(session, e.value, child(service.path, key), key));
    }
    const hints = {
      protocols: gen1?.protocols ?? new Map<number, string>(),
      secure: gen1?.secure ?? new Set<number>(),
      healthPort: gen1?.healthPort ?? health?.port,
      noBalancer: gen1?.noBalancer ?? false,
    };
    const choice = choosePorts(session, all, hints);
    out.port = choice.port;
    out.ports = choice.ports;
    const traefik = gen1?.traefikPort;
    if (traefik) {
      if (choice.port === undefined && !hints.noBalancer) {
        out.port = traefik.port;
        out.ports = out.ports.filter((p) => p !== traefik.port);
        choice.main = traefik.port;
        session.note('converted-approximately', traefik.label.path, traefik.label.span, `Traefik routed HTTP to ${traefik.port}: it becomes \`port\`, and Convox's load balancer takes Traefik's place.`);
      } else if (choice.main === traefik.port) {
        session.map(traefik.label.path);
      } else {
        session.note('dropped', traefik.label.path, traefik.label.span, `Traefik routed HTTP to ${traefik.port}; Convox routes to \`port\` (${out.port ?? 'none'}).`);
      }
    }
    for (const { hosts, label } of gen1?.traefikHosts ?? []) {
      if (out.port === undefined) {
        session.note('dropped', label.path, label.span, 'The Traefik host rule is not converted: the service has no HTTP port for a domain.');
        continue;
      }
      const domains = new Set([...(out.domain ? out.domain.split(',') : []), ...hosts]);
      out.domain = [...domains].join(',');
      session.note('converted-approximately', label.path, label.span, `The Traefik host rule becomes domain ${[...domains].join(', ')}: point the DNS name at the rack's router (see \`convox services\`); other rule parts (paths, headers) are not converted.`);
    }
    if (choice.internal) {
      out.internal = true;
      const from = all.find((item) => item.parsed.container === choice.main);
      if (from) session.note('converted-approximately', from.path, from.span, `Compose only exposed ${choice.main} to other containers: it becomes \`port\` with \`internal: true\`, reachable inside the rack through Convox's internal load balancer (with health checks on it).`);
    }
    if (gen1?.agent) {
      // An agent runs on every node; its ports are host ports, never behind a load balancer.
      if (out.port !== undefined) {
        const main = String(out.port).replace(/^https:/, '');
        if (!out.ports.some((p) => String(p) === main)) out.ports.unshift(Number(main));
        out.port = undefined;
        out.internal = undefined;
      }
    }
  }

  private convertHealth(service: ComposeService, out: OutService, gen1: Gen1Settings | undefined, health: HealthInfo | undefined): void {
    const { session } = this;
    const result = { ...(health?.health ?? {}) };
    const labels = gen1?.healthLabels ?? [];
    if (gen1?.healthPath !== undefined) result.path = gen1.healthPath;
    if (gen1?.healthTimeout !== undefined) result.timeout = gen1.healthTimeout;
    if (gen1?.healthInterval !== undefined) result.interval = gen1.healthInterval;
    // Gen1's default interval is the timeout + 2 (spec 12.3).
    else if (gen1?.healthTimeout !== undefined && result.interval === undefined) result.interval = gen1.healthTimeout + 2;
    const hasPort = out.port !== undefined;
    if (!hasPort) {
      const why = out.agent || gen1?.agent ? 'an agent has no load balancer and no health checks' : 'the service has no HTTP port, and Convox only checks services with a `port`';
      // One note for the whole check: none of its settings would have an effect.
      if (health) session.note('dropped', child(service.path, 'healthcheck'), entry(service.body, 'healthcheck')?.keySpan, `The healthcheck is not converted: ${why}.`);
      for (const label of labels) session.note('dropped', label.path, label.span, `Not converted: ${why}.`);
      return;
    }
    for (const note of health?.deferred ?? []) session.note(note.kind, note.path, note.span, note.message);
    const main = Number(String(out.port).replace(/^https:/, ''));
    const checkPort = gen1?.healthPort ?? health?.port;
    for (const label of labels) {
      if (label.key === 'convox.health.port' && checkPort !== undefined && checkPort !== main) {
        session.note('converted-approximately', label.path, label.span, `Convox checks health on \`port\` (${main}), not on ${checkPort} (v3 racks can set health.port).`);
      } else session.map(label.path);
    }
    if (!labels.length && health?.port !== undefined && health.port !== main) {
      session.note('converted-approximately', child(service.path, 'healthcheck'), entry(service.body, 'healthcheck')?.keySpan, `The check requests port ${health.port}; Convox checks health on \`port\` (${main}).`);
    }
    const interval = result.interval ?? 5;
    if (result.timeout !== undefined && result.timeout >= interval) {
      // Kubernetes waits for a check to time out before the next one: keep the timeout below the interval.
      const where = labels.find((l) => l.key === 'convox.health.timeout') ?? { path: child(service.path, 'healthcheck'), span: entry(service.body, 'healthcheck')?.keySpan };
      session.note('converted-approximately', where.path, where.span, `The timeout (${result.timeout}s) is not below the interval (${interval}s); written as timeout ${Math.max(1, interval - 1)} so checks run every interval.`);
      result.timeout = Math.max(1, interval - 1);
    }
    if (Object.keys(result).length) out.health = result;
  }

  private convertScale(service: ComposeService, out: OutService): void {
    const { session } = this;
    const { body, path } = service;
    const cpu: { request?: [number, string, Span]; limit?: [number, string, Span] } = {};
    const memory: { request?: [number, string, Span]; limit?: [number, string, Span] } = {};
    const take = (slot: 'request' | 'limit', which: typeof cpu, value: number | undefined, keyPath: string, span: Span, raw: CValue) => {
      if (value === undefined) {
        session.note('dropped', keyPath, span, `${JSON.stringify(text(raw) ?? '')} is not a value Convox can use: not converted.`);
        return;
      }
      if (which[slot]) session.note('dropped', which[slot]![1], which[slot]![2], `Also set by ${keyPath}, which wins.`);
      which[slot] = [value, keyPath, span];
    };
    const cpuValue = (raw: CValue) => {
      const value = cpusToScaleCpu(rewrite(text(raw) ?? '').text, this.target);
      return value === undefined ? undefined : Math.max(1, value); // `0.0001` CPUs is still a request
    };
    const memValue = (raw: CValue) => memoryToMiB(raw.kind === 'scalar' && typeof raw.value === 'number' ? raw.value : rewrite(text(raw) ?? '').text);

    for (const e of body.entries) {
      const p = child(path, e.key);
      switch (e.key) {
        case 'cpus':
          take('limit', cpu, cpuValue(e.value), p, e.keySpan, e.value);
          break;
        case 'cpu_shares': {
          const value = cpuSharesToScaleCpu(Number(text(e.value)), this.target);
          take('request', cpu, value, p, e.keySpan, e.value);
          break;
        }
        case 'mem_limit':
          take('limit', memory, memValue(e.value), p, e.keySpan, e.value);
          break;
        case 'mem_reservation':
          take('request', memory, memValue(e.value), p, e.keySpan, e.value);
          break;
        case 'scale': {
          const count = Number(text(e.value));
          if (Number.isInteger(count) && count >= 0) {
            out.scale.count = count;
            session.map(p);
          } else session.note('manual-step', p, e.keySpan, `scale ${JSON.stringify(text(e.value) ?? '')} is not a number: set scale.count by hand.`);
          break;
        }
      }
    }
    const deploy = get(body, 'deploy');
    if (deploy?.kind === 'map') {
      const deployPath = child(path, 'deploy');
      for (const e of deploy.entries) {
        const p = child(deployPath, e.key);
        switch (e.key) {
          case 'replicas': {
            const count = Number(rewrite(text(e.value) ?? '').text);
            if (Number.isInteger(count) && count >= 0) {
              out.scale.count = count;
              session.map(p);
            } else session.note('manual-step', p, e.keySpan, `replicas ${JSON.stringify(text(e.value) ?? '')} is not a number: set scale.count by hand.`);
            break;
          }
          case 'mode':
            if (text(e.value) === 'global') {
              out.agent = true;
              out.port = undefined;
              session.note('converted-approximately', p, e.keySpan, 'mode: global (one per node) becomes agent: true, which runs one process on every instance of the rack.');
            } else session.map(p);
            break;
          case 'resources':
            if (e.value.kind !== 'map') {
              session.map(p);
              break;
            }
            for (const kind of e.value.entries) {
              const kindPath = child(p, kind.key);
              if (kind.key !== 'limits' && kind.key !== 'reservations') {
                session.note('dropped', kindPath, kind.keySpan, `Unknown deploy.resources key ${kind.key}: not converted.`);
                continue;
              }
              const slot = kind.key === 'limits' ? 'limit' : 'request';
              for (const r of kind.value.kind === 'map' ? kind.value.entries : []) {
                const rp = child(kindPath, r.key);
                if (r.key === 'cpus') take(slot, cpu, cpuValue(r.value), rp, r.keySpan, r.value);
                else if (r.key === 'memory') take(slot, memory, memValue(r.value), rp, r.keySpan, r.value);
                else if (r.key === 'devices' || r.key === 'generic_resources') {
                  session.note('manual-step', rp, r.keySpan, `Devices (GPUs) are requested with scale.gpu on v3 racks (\`scale: {gpu: {count: 1}}\`): write it by hand.`);
                } else session.note('dropped', rp, r.keySpan, `${r.key} has no equivalent: not converted.`);
              }
            }
            break;
          case 'restart_policy':
            session.note('dropped', p, e.keySpan, 'Convox always restarts a process that exits; the restart policy has no equivalent.');
            break;
          case 'update_config':
          case 'rollback_config':
            session.note('dropped', p, e.keySpan, 'Convox rolls out and back by itself; `deployment: {minimum, maximum}` (percent of processes) sets how many run during a deploy.');
            break;
          case 'placement':
            session.note('manual-step', p, e.keySpan, 'Placement constraints are written as nodeSelectorLabels (or nodeAffinityLabels) on v3 racks, with the labels of your node groups: write them by hand.');
            break;
          case 'labels':
          case 'endpoint_mode':
            session.note('dropped', p, e.keySpan, `deploy.${e.key} is for Docker Swarm: not converted.`);
            break;
          default:
            if (e.key.startsWith('x-')) session.map(p);
            else session.note('dropped', p, e.keySpan, `Unknown deploy key ${e.key}: not converted.`);
        }
      }
    } else if (deploy) {
      session.map(child(path, 'deploy'));
    }

    for (const [which, key, unit] of [
      [cpu, 'cpu', 'millicores'],
      [memory, 'memory', 'MiB'],
    ] as const) {
      const request = which.request;
      const limit = which.limit;
      if (request) {
        out.scale[key] = request[0];
        session.map(request[1]);
        if (limit) {
          out.scale.limit = { ...out.scale.limit, [key]: limit[0] };
          session.note('converted-approximately', limit[1], limit[2], `Written as scale.limit.${key} (${limit[0]} ${unit}), which only v3 racks read.`);
        }
      } else if (limit) {
        out.scale[key] = limit[0];
        session.note(
          'converted-approximately',
          limit[1],
          limit[2],
          key === 'memory'
            ? `Written as scale.memory (${limit[0]} MiB): Convox reserves that much for each process and, without scale.limit.memory, also uses it as the limit.`
            : `Written as scale.cpu (${limit[0]} millicores): Convox reserves that much CPU for each process but does not cap it (scale.limit.cpu on v3 racks caps it).`,
        );
      }
    }

    const profiles = entry(body, 'profiles');
    if (profiles) {
      const names = items(profiles.value).map((i) => text(i) ?? '');
      const active = names.some((n) => this.options.profiles?.includes(n));
      if (active || names.length === 0) session.map(child(path, 'profiles'));
      else {
        out.scale.count = 0;
        session.note(
          'converted-approximately',
          child(path, 'profiles'),
          profiles.keySpan,
          `Compose runs this service only with the profile ${names.join(' or ')}; Convox deploys every service, so it is scaled to 0: start it with \`convox scale ${out.name} --count 1\` or use it with \`convox run ${out.name}\`.`,
        );
      }
    }
  }

  private convertDependencies(service: ComposeService, out: OutService, e: CEntry): void {
    const { session } = this;
    const p = child(service.path, e.key);
    const targets: { name: string; alias?: string; path: string; span: Span }[] = [];
    if (e.value.kind === 'map') {
      for (const d of e.value.entries) targets.push({ name: d.key, path: child(p, d.key), span: d.keySpan });
    } else {
      items(e.value).forEach((item, index) => {
        const raw = text(item);
        if (!raw) return;
        const [name, alias] = e.key === 'links' ? raw.split(':') : [raw];
        targets.push({ name: name.trim(), alias: alias?.trim(), path: e.value.kind === 'seq' ? child(p, index) : p, span: item.span });
      });
    }
    for (const target of targets) {
      const resource = this.resources.get(target.name);
      if (resource) {
        if (!out.resources.includes(resource.name)) out.resources.push(resource.name);
        if (target.alias && target.alias !== target.name) {
          resource.hosts.add(target.alias);
          session.note('converted-approximately', target.path, target.span, `Links the resource ${resource.name}; the hostname alias ${target.alias} does not exist on Convox: connect with ${envPrefix(resource.name)}_URL (or _HOST and _PORT).`);
        } else session.map(target.path);
        continue;
      }
      const other = this.serviceNames.get(target.name);
      if (other) {
        session.note(
          'dropped',
          target.path,
          target.span,
          `Convox starts ${other} independently of ${out.name} (no start order${e.key === 'links' ? ', no link variables' : ''}); ${out.name} should retry until ${other} answers. Reach it by its service name${target.alias ? ` (not ${target.alias})` : ''} if it has a port.`,
        );
      } else {
        session.note('dropped', target.path, target.span, `${target.name} is not a service of this file: not converted.`);
      }
    }
  }

  private convertAnnotations(out: OutService, e: CEntry, path: string): void {
    if (e.value.kind === 'map') {
      for (const a of e.value.entries) out.annotations.push(`${a.key}=${text(a.value) ?? ''}`);
    } else {
      for (const item of items(e.value)) {
        const raw = text(item);
        if (raw?.includes('=')) out.annotations.push(raw);
      }
    }
    this.session.map(path);
  }

  private convertSecurityOptions(out: OutService, e: CEntry, path: string): void {
    items(e.value).forEach((item, index) => {
      const raw = (text(item) ?? '').replace('=', ':');
      const itemPath = e.value.kind === 'seq' ? child(path, index) : path;
      if (/^no-new-privileges(:true)?$/.test(raw)) {
        (out.securityContext ??= {}).allowPrivilegeEscalation = false;
        this.session.note('converted-approximately', itemPath, item.span, 'Written as securityContext.allowPrivilegeEscalation: false, which only v3 racks read.');
      } else if (raw === 'seccomp:unconfined') {
        (out.securityContext ??= {}).seccompProfile = 'Unconfined';
        this.session.note('converted-approximately', itemPath, item.span, 'Written as securityContext.seccompProfile: Unconfined, which only v3 racks read.');
      } else {
        this.session.note('dropped', itemPath, item.span, `The security option ${JSON.stringify(text(item) ?? '')} has no Convox equivalent: not converted.`);
      }
    });
  }

  private convertLifecycle(out: OutService, e: CEntry, path: string): void {
    const hooks = items(e.value);
    const first = hooks[0];
    const command = first?.kind === 'map' ? get(first, 'command') : undefined;
    const value = command?.kind === 'seq' ? shellJoin(command.items.map((i) => text(i) ?? '')) : text(command);
    if (!value) {
      this.session.note('dropped', path, e.keySpan, `${e.key} has no command: not converted.`);
      return;
    }
    out.lifecycle = { ...out.lifecycle, [e.key === 'post_start' ? 'postStart' : 'preStop']: value };
    const extra = hooks.length > 1 || (first?.kind === 'map' && first.entries.some((h) => h.key !== 'command'));
    this.session.note('converted-approximately', path, e.keySpan, `Written as lifecycle.${e.key === 'post_start' ? 'postStart' : 'preStop'} (v3 racks)${extra ? '; only the first command is kept, without user, privileged or environment' : ''}.`);
  }

  // --- links from environment values ---------------------------------------------------------------------------

  /**
   * Variables that point at a compose datastore (`DATABASE_URL=postgres://u:p@db:5432/app`, `DB_HOST=db`) cannot
   * work on Convox, where the datastore is a resource with its own host and credentials: a URL becomes a resource
   * link under that name (`db:DATABASE_URL`), anything else is reported with the variables the link injects.
   */
  private linkByEnvironment(service: ComposeService, out: OutService): void {
    const { session } = this;
    const sources = this.envSources.get(service.composeName) ?? new Map();
    const bare = [...out.environment].filter(([, value]) => value === undefined).map(([name]) => name);
    const named = new Set<string>();
    const plainNeeded = new Set<string>();
    // Two passes: URLs and host names link resources first, then credentials are matched against linked ones.
    for (const pass of ['links', 'credentials'] as const) {
      for (const [name, value] of [...out.environment]) {
        if (value === undefined) continue;
        const source = sources.get(name);
        const where = source?.path ?? child(service.path, 'environment');
        for (const resource of this.resources.values()) {
          const hosts = [...resource.hosts].map(escapeRegExp).join('|');
          const url = new RegExp(`^[a-z][a-z0-9+.-]*://([^@/\\s]*@)?(${hosts})(:\\d+)?([/?#].*)?$`, 'i');
          const host = new RegExp(`(^|[=,;\\s/@])(${hosts})(:\\d+)?($|[,;\\s/])`);
          const prefix = envPrefix(resource.name);
          const injected = RESOURCE_ENV_SUFFIXES.map((suffix) => `${prefix}_${suffix}`);
          // A variable the link injects under the same name is dropped; any other is left for you to set.
          const settle = (injectedMessage: string, manualMessage: string) => {
            if (injected.includes(name)) {
              out.environment.delete(name);
              session.note('converted-approximately', where, source?.span, injectedMessage);
            } else {
              out.environment.set(name, undefined);
              session.note('manual-step', where, source?.span, manualMessage);
            }
          };
          if (pass === 'links' && url.test(value)) {
            out.environment.delete(name);
            this.link(out, `${resource.name}:${name}`);
            named.add(resource.name);
            session.note(
              'converted-approximately',
              where,
              source?.span,
              `${name} pointed at the compose service ${resource.composeName}; it now comes from the resource link ${resource.name}:${name}, which injects the URL of the ${resource.type} Convox runs (its own host, user, password and database) instead of the compose value.`,
            );
            break;
          }
          if (pass === 'links' && host.test(value)) {
            this.link(out, resource.name);
            plainNeeded.add(resource.name);
            const port = /:\d+/.test(value) && name.endsWith('_HOST') ? ` It holds the host only: the port is ${prefix}_PORT.` : '';
            settle(
              `${name} is injected by the link to the resource ${resource.name} (the compose value named the service ${resource.composeName}).${port}`,
              `${name}=${value} names the compose service ${resource.composeName}, which is the resource ${resource.name} on Convox: read ${prefix}_HOST and ${prefix}_PORT (or ${prefix}_URL), injected by the link, or set ${name} with \`convox env set\`. It is declared without a value.`,
            );
            break;
          }
          const credential = pass === 'credentials' ? this.credentialFor(resource, name, value) : undefined;
          if (credential && out.resources.some((r) => r.split(':')[0] === resource.name)) {
            plainNeeded.add(resource.name);
            const suffix = credentialSuffix(credential);
            settle(
              `${name} is injected by the link to the resource ${resource.name}, with the ${SUFFIX_WORD[suffix]} Convox creates (the compose value repeated ${credential} of the service ${resource.composeName}).`,
              `${name} repeats ${credential} of the compose service ${resource.composeName}; Convox creates the credentials of the resource ${resource.name} itself: read ${prefix}_${suffix} (injected by the link), or set ${name} with \`convox env set\`. It is declared without a value.`,
            );
            break;
          }
        }
      }
    }
    for (const name of bare) this.conventionalLink(out, name, sources.get(name));
    // A plain link is not needed where the app reads the resource only through named links.
    for (const resource of named) {
      if (!plainNeeded.has(resource)) out.resources = out.resources.filter((r) => r !== resource);
    }
  }

  /**
   * A variable declared without a value that a resource link provides: dropped when the link injects it (Convox
   * would otherwise require it in the app environment); `DATABASE_URL` / `REDIS_URL` in a service that links one
   * resource of that kind become a named link.
   */
  private conventionalLink(out: OutService, name: string, source: { path: string; span: Span } | undefined): void {
    const wanted: Record<string, ResourceType[]> = {
      DATABASE_URL: ['postgres', 'postgis', 'mysql', 'mariadb'],
      REDIS_URL: ['redis'],
      MEMCACHED_URL: ['memcached'],
      MEMCACHE_URL: ['memcached'],
    };
    const linked = out.resources.map((r) => [...this.resources.values()].find((x) => x.name === r.split(':')[0])).filter((r): r is ResourceInfo => !!r);
    const injectedHere = out.resources.some((r) => (r.includes(':') ? r.split(':')[1] === name : RESOURCE_ENV_SUFFIXES.some((s) => `${envPrefix(r)}_${s}` === name)));
    if (injectedHere) {
      out.environment.delete(name);
      if (source) this.session.note('converted-approximately', source.path, source.span, `${name} is injected by the resource link; the declaration is dropped (Convox would otherwise require it in the app environment).`);
      return;
    }
    const types = wanted[name];
    if (!types) return;
    const candidates = [...new Set(linked.filter((r) => types.includes(r.type)))];
    if (candidates.length !== 1) return;
    const resource = candidates[0];
    out.environment.delete(name);
    this.link(out, `${resource.name}:${name}`);
    out.resources = out.resources.filter((r) => r !== resource.name);
    if (source) {
      this.session.note(
        'converted-approximately',
        source.path,
        source.span,
        `${name} is provided by the resource link ${resource.name}:${name} (a plain link would inject ${envPrefix(resource.name)}_URL, which the app does not read).`,
      );
    }
  }

  /** The datastore variable (`POSTGRES_PASSWORD`) whose value an app variable repeats, preferring the same kind of credential. */
  private credentialFor(resource: ResourceInfo, name: string, value: string): string | undefined {
    const matches = [...resource.credentials].filter(([, v]) => v.length >= 3 && v === value).map(([k]) => k);
    const kind = /PASS/.test(name) ? 'PASS' : /USER/.test(name) ? 'USER' : /NAME|_DB$|DATABASE/.test(name) ? 'NAME' : undefined;
    return matches.find((k) => credentialSuffix(k) === kind) ?? matches[0];
  }

  /** Adds a resource link; a named link (`db:DATABASE_URL`) goes next to the plain link to the same resource. */
  private link(out: OutService, entry: string): void {
    if (out.resources.includes(entry)) return;
    const plain = out.resources.indexOf(entry.split(':')[0]);
    if (plain >= 0 && entry.includes(':')) out.resources.splice(plain + 1, 0, entry);
    else out.resources.push(entry);
  }

  /** Variables every service declares the same way move to the top-level `environment`. */
  private hoistEnvironment(): void {
    const services = this.manifest.services;
    if (services.length < 2) return;
    const [first, ...rest] = services;
    for (const [name, value] of [...first.environment]) {
      if (!rest.every((s) => s.environment.has(name) && s.environment.get(name) === value)) continue;
      this.manifest.environment.set(name, value);
      for (const s of services) s.environment.delete(name);
    }
  }
}

/** The injected variable suffix a datastore credential corresponds to. */
function credentialSuffix(credential: string): 'PASS' | 'USER' | 'NAME' {
  return /PASSWORD/.test(credential) ? 'PASS' : /USER/.test(credential) ? 'USER' : 'NAME';
}

const SUFFIX_WORD = { PASS: 'password', USER: 'user', NAME: 'database name' } as const;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** "Not converted: Convox <what it does>. <what to do instead>" from the compose key table. */
export function tableMessage(key: string, known: ComposeKey): string {
  const instead = known.instead?.replace(/^Remove it[;.]\s*/, '');
  const sentence = instead ? ` ${instead.charAt(0).toUpperCase()}${instead.slice(1)}` : '';
  return `${key} is not converted: Convox ${known.convox}.${sentence}`;
}

