import type { ConvoxSettings, Target } from '../settings';
import { parseComposePort } from './ports';

/**
 * docker-compose keys and what Convox does with them: the table behind the `compose-key` / `compose-form` findings
 * in convox.yml, and what the compose -> convox.yml converter writes instead. Keys that are also Convox keys with
 * the same form (`image`, `command` as a string, `privileged`, `init`, `scale`, `volumes`, `labels` as a map,
 * `annotations`, `build` as a string) are not listed: they carry over as they are.
 */
export interface ComposeKey {
  /** What Convox does with the key, completing "Convox ..." (e.g. "ignores it"). */
  convox: string;
  /** What to write in convox.yml instead, as a sentence; absent when there is no equivalent. */
  instead?: string;
  /** The convox.yml key(s) that hold the same setting, when there are any (for the converter). */
  convoxKeys?: string[];
}

const IGNORED = 'ignores it';
/** What to do with a compose key that has no Convox equivalent. */
export const NO_EQUIVALENT = 'Convox has no equivalent: remove it (keep it in docker-compose.yml for local runs).';

/** Service keys (`services.<name>.<key>`). */
export const COMPOSE_SERVICE_KEYS: Readonly<Record<string, ComposeKey>> = {
  attach: { convox: IGNORED, instead: 'Read the output with `convox logs`.' },
  blkio_config: { convox: IGNORED },
  cap_add: { convox: IGNORED, instead: 'On v3 racks add capabilities under `securityContext.capabilities.add`.', convoxKeys: ['securityContext'] },
  cap_drop: { convox: IGNORED, instead: 'On v3 racks drop capabilities under `securityContext.capabilities.drop`.', convoxKeys: ['securityContext'] },
  cgroup: { convox: IGNORED },
  cgroup_parent: { convox: IGNORED },
  configs: { convox: IGNORED, instead: 'On v3 racks define the file under top-level `configs:` (`id`, `value`) and mount it with `configMounts:` (`id`, `dir`, `filename`).', convoxKeys: ['configMounts'] },
  container_name: { convox: 'ignores it and names containers itself', instead: 'Remove it; other services reach this one by its service name.' },
  cpu_count: { convox: IGNORED, instead: 'Set `scale.cpu` instead.', convoxKeys: ['scale'] },
  cpu_percent: { convox: IGNORED, instead: 'Set `scale.cpu` instead.', convoxKeys: ['scale'] },
  cpu_period: { convox: IGNORED },
  cpu_quota: { convox: IGNORED, instead: 'Set `scale.cpu` instead.', convoxKeys: ['scale'] },
  cpu_rt_period: { convox: IGNORED },
  cpu_rt_runtime: { convox: IGNORED },
  cpu_shares: {
    convox: 'ignores it (it was read by Gen1 docker-compose apps only)',
    instead: 'Set `scale.cpu`: millicores on v3 racks (1000 = one CPU), CPU units on v2 racks (1024 = one CPU).',
    convoxKeys: ['scale'],
  },
  cpus: { convox: IGNORED, instead: 'Set `scale.cpu`: millicores on v3 racks (1000 = one CPU), CPU units on v2 racks (1024 = one CPU).', convoxKeys: ['scale'] },
  cpuset: { convox: IGNORED },
  credential_spec: { convox: IGNORED },
  depends_on: {
    convox: 'ignores it and starts every service independently',
    instead: 'List databases and caches under `resources:`; a service that must wait for another should retry, and `health:` keeps it out of rotation until it is ready.',
    convoxKeys: ['resources', 'health'],
  },
  deploy: {
    convox: IGNORED,
    instead: 'Write `scale:` (`count` for replicas, `cpu` and `memory` for resources); `mode: global` is `agent: true`; rolling updates are set with `deployment:`.',
    convoxKeys: ['scale', 'agent', 'deployment'],
  },
  develop: { convox: IGNORED, instead: '`convox start` syncs code changes itself.' },
  device_cgroup_rules: { convox: IGNORED },
  devices: { convox: IGNORED },
  dns: { convox: IGNORED },
  dns_opt: { convox: IGNORED, instead: 'On v3 racks `ndots` is set with `dnsConfig.ndots`.', convoxKeys: ['dnsConfig'] },
  dns_search: { convox: IGNORED },
  domainname: { convox: IGNORED, instead: 'Public hostnames are set with `domain:`.', convoxKeys: ['domain'] },
  entrypoint: {
    convox: 'ignores it and keeps the image ENTRYPOINT',
    instead: 'Set `ENTRYPOINT` in the Dockerfile, and put the arguments in `command:`.',
    convoxKeys: ['command'],
  },
  env_file: {
    convox: 'does not read env files',
    instead: 'Set the values on the app with `convox env set KEY=value` (e.g. `convox env set $(cat .env)`) and declare the names under `environment:` (`- KEY`, or `- KEY=default`).',
    convoxKeys: ['environment'],
  },
  expose: {
    convox: IGNORED,
    instead: 'Write the port the load balancer routes to as `port:`; on v3 racks other container ports go under `ports:`.',
    convoxKeys: ['port', 'ports'],
  },
  extends: { convox: IGNORED, instead: 'Share settings with a YAML anchor and a merge key (`<<: *base`).' },
  external_links: { convox: IGNORED, instead: 'Services reach each other by name through service discovery.' },
  extra_hosts: { convox: IGNORED },
  gpus: { convox: IGNORED, instead: 'On v3 racks request GPUs with `scale.gpu`.', convoxKeys: ['scale'] },
  group_add: { convox: IGNORED },
  healthcheck: {
    convox: IGNORED,
    instead: 'Write `health:` with the HTTP path Convox checks on the service `port` (`health: /health`, or a map with `path`, `interval`, `timeout`, `grace` in seconds).',
    convoxKeys: ['health'],
  },
  hostname: { convox: IGNORED, instead: 'Other services reach this one by its service name; public hostnames are set with `domain:`.' },
  ipc: { convox: IGNORED },
  isolation: { convox: IGNORED },
  label_file: { convox: IGNORED, instead: 'Write the labels as a `labels:` map.', convoxKeys: ['labels'] },
  links: {
    convox: 'ignores it on v3 racks (only v2 racks read `links`, to inject `<NAME>_URL`)',
    instead:
      'Services reach each other by name through service discovery: an `internal: true` service is at `http://<service>.<app>.convox.local:<port>` (see `convox services`). Databases and caches go under `resources:`.',
    convoxKeys: ['resources', 'internal'],
  },
  logging: { convox: 'ignores it and collects what the container writes to stdout and stderr', instead: 'Read the logs with `convox logs`.' },
  mac_address: { convox: IGNORED },
  mem_limit: {
    convox: 'ignores it (it was read by Gen1 docker-compose apps only)',
    instead: 'Set `scale.memory` in MiB (on v3 racks `scale.limit.memory` sets a separate limit).',
    convoxKeys: ['scale'],
  },
  mem_reservation: { convox: IGNORED, instead: 'Set `scale.memory` in MiB.', convoxKeys: ['scale'] },
  mem_swappiness: { convox: IGNORED },
  memswap_limit: { convox: IGNORED },
  models: { convox: IGNORED },
  network_mode: { convox: IGNORED },
  networks: {
    convox: 'ignores it: the services of an app share one network',
    instead: 'Services reach each other by name through service discovery; `internal: true` keeps a service off the public load balancer.',
    convoxKeys: ['internal'],
  },
  oom_kill_disable: { convox: IGNORED },
  oom_score_adj: { convox: IGNORED },
  pid: { convox: IGNORED },
  pids_limit: { convox: IGNORED },
  platform: { convox: IGNORED },
  post_start: { convox: IGNORED, instead: 'On v3 racks write the command as `lifecycle.postStart`.', convoxKeys: ['lifecycle'] },
  pre_stop: { convox: IGNORED, instead: 'On v3 racks write the command as `lifecycle.preStop`.', convoxKeys: ['lifecycle'] },
  profiles: { convox: 'ignores it and deploys every service in convox.yml', instead: 'Leave services you do not deploy out of convox.yml.' },
  provider: { convox: IGNORED },
  pull_policy: { convox: IGNORED },
  read_only: { convox: IGNORED, instead: 'On v3 racks write `securityContext.readOnlyRootFilesystem: true`.', convoxKeys: ['securityContext'] },
  restart: {
    convox: 'ignores it: it always restarts a service whose process exits',
    instead: 'Remove it; run one-off work with `convox run` and scheduled work with `timers:`.',
    convoxKeys: ['timers'],
  },
  runtime: { convox: IGNORED },
  secrets: {
    convox: IGNORED,
    instead: 'Set secret values on the app with `convox env set` and declare the names under `environment:`; on v3 racks files can be mounted from `configs:` with `configMounts:`.',
    convoxKeys: ['environment', 'configMounts'],
  },
  security_opt: { convox: IGNORED, instead: 'On v3 racks use `securityContext` (e.g. `seccompProfile`, `allowPrivilegeEscalation`).', convoxKeys: ['securityContext'] },
  shm_size: { convox: IGNORED, instead: 'On v3 racks mount a `volumeOptions` emptyDir with `medium: Memory` at /dev/shm.', convoxKeys: ['volumeOptions'] },
  stdin_open: { convox: IGNORED, instead: 'Open an interactive shell with `convox run` or `convox exec`.' },
  stop_grace_period: { convox: IGNORED, instead: 'Write the seconds as `termination.grace`.', convoxKeys: ['termination'] },
  stop_signal: { convox: 'ignores it and stops containers with SIGTERM', instead: 'Handle SIGTERM in the app (or set STOPSIGNAL in the Dockerfile).' },
  storage_opt: { convox: IGNORED },
  sysctls: { convox: IGNORED },
  tmpfs: { convox: IGNORED, instead: 'On v3 racks mount a `volumeOptions` emptyDir with `medium: Memory`.', convoxKeys: ['volumeOptions'] },
  tty: { convox: IGNORED, instead: 'Open an interactive shell with `convox run` or `convox exec`.' },
  ulimits: { convox: IGNORED },
  use_api_socket: { convox: IGNORED },
  user: { convox: IGNORED, instead: 'Set USER in the Dockerfile (on v3 racks also `securityContext.runAsUser`).', convoxKeys: ['securityContext'] },
  userns_mode: { convox: IGNORED },
  uts: { convox: IGNORED },
  volumes_from: {
    convox: IGNORED,
    instead: 'Convox does not share one container’s volumes with another: mount shared storage in each service (v3: `volumeOptions` with awsEfs or azureFiles; v2: an efs resource in `volumes`).',
    convoxKeys: ['volumes', 'volumeOptions'],
  },
  working_dir: { convox: IGNORED, instead: 'Set WORKDIR in the Dockerfile.' },
};

/** Top-level keys. */
export const COMPOSE_TOP_LEVEL_KEYS: Readonly<Record<string, ComposeKey>> = {
  version: { convox: IGNORED, instead: 'convox.yml has no version: remove it.' },
  name: { convox: IGNORED, instead: 'The app name comes from `convox apps create <name>` (or `-a <app>`), not from the manifest.' },
  include: { convox: IGNORED, instead: 'convox.yml is one file: copy the included services into it.' },
  networks: {
    convox: 'ignores it: the services of an app share one network',
    instead: 'Services reach each other by name through service discovery; `internal: true` keeps a service off the public load balancer.',
  },
  volumes: {
    convox: 'ignores it: there are no named volumes',
    instead: 'Mount storage per service: `volumes:` (`name:/path`; on v3 racks an emptyDir, not persistent) or, on v3 racks, `volumeOptions` with awsEfs or azureFiles for persistent, shared storage; on v2 racks an efs resource.',
    convoxKeys: ['volumes', 'volumeOptions'],
  },
  secrets: { convox: IGNORED, instead: 'Set secret values on the app with `convox env set` and declare the names under `environment:`.', convoxKeys: ['environment'] },
  configs: {
    convox: 'reads top-level `configs` only on v3 racks, and only as a list of `{id, value}`',
    instead: 'Write `configs:` as a list (`- id: nginx-conf` with the file content in `value:`) and mount each with `configMounts:` in the service.',
    convoxKeys: ['configs'],
  },
  models: { convox: IGNORED },
};

/** Keys of a `build:` map (`services.<name>.build.<key>`); Convox reads only `path`, `manifest` and `args`. */
export const COMPOSE_BUILD_KEYS: Readonly<Record<string, ComposeKey>> = {
  context: { convox: 'ignores it and builds `.`', instead: 'Write the build directory as `path:`.', convoxKeys: ['path'] },
  dockerfile: { convox: 'ignores it and builds `Dockerfile`', instead: 'Write the Dockerfile as `manifest:` (relative to `path`).', convoxKeys: ['manifest'] },
  target: {
    convox: 'ignores it and builds the last stage of the Dockerfile',
    instead: 'Make the stage you deploy the last one, or point `manifest:` at a Dockerfile that ends with it.',
    convoxKeys: ['manifest'],
  },
  additional_contexts: { convox: IGNORED },
  cache_from: { convox: IGNORED, instead: 'Convox caches builds itself.' },
  cache_to: { convox: IGNORED, instead: 'Convox caches builds itself.' },
  dockerfile_inline: { convox: IGNORED, instead: 'Commit the Dockerfile and name it with `manifest:`.', convoxKeys: ['manifest'] },
  entitlements: { convox: IGNORED },
  extra_hosts: { convox: IGNORED },
  isolation: { convox: IGNORED },
  labels: { convox: IGNORED },
  network: { convox: IGNORED },
  no_cache: { convox: IGNORED, instead: 'Use `convox build --no-cache`.' },
  platforms: { convox: IGNORED },
  privileged: { convox: IGNORED },
  provenance: { convox: IGNORED },
  pull: { convox: IGNORED },
  sbom: { convox: IGNORED },
  secrets: { convox: IGNORED, instead: 'Dockerfile ARGs are filled from the app environment (`convox env set`) and `convox build --build-args`.' },
  shm_size: { convox: IGNORED },
  ssh: { convox: IGNORED },
  tags: { convox: IGNORED },
  ulimits: { convox: IGNORED },
};

export type ComposeScope = 'top' | 'service' | 'build';

/** The compose key at `path` (`[key]`, `['services', s, key]` or `['services', s, 'build', key]`), with its scope. */
export function composeKeyAt(path: readonly (string | number)[]): { scope: ComposeScope; key: string; entry: ComposeKey } | undefined {
  const key = String(path[path.length - 1]);
  const own = (table: Readonly<Record<string, ComposeKey>>) => (Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined);
  let entry: ComposeKey | undefined;
  let scope: ComposeScope | undefined;
  if (path.length === 1) [scope, entry] = ['top', own(COMPOSE_TOP_LEVEL_KEYS)];
  else if (path.length === 3 && path[0] === 'services') [scope, entry] = ['service', own(COMPOSE_SERVICE_KEYS)];
  else if (path.length === 4 && path[0] === 'services' && path[2] === 'build') [scope, entry] = ['build', own(COMPOSE_BUILD_KEYS)];
  return entry && scope ? { scope, key, entry } : undefined;
}

function isPlainMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A `ports:` item written in a compose form Convox's `ports` cannot read (`"80:80"`, a range, the long syntax). */
export function isComposePortItem(item: unknown): boolean {
  return parseComposePort(item)?.mapping === true;
}

/**
 * Which compose finding replaces the schema finding at `path` (an unknown key, or a value of the wrong form), when
 * it is a docker-compose leftover: `compose-key` for keys Convox ignores, `compose-form` for compose forms Convox
 * fails to load. `value` is the value at `path`. The schema check skips exactly these; the compose check reports
 * exactly these.
 */
export function composeClaim(target: Target, path: readonly (string | number)[], value: unknown): 'compose-key' | 'compose-form' | undefined {
  const [section, , key, sub] = path;
  if (section === 'services' && path.length === 3) {
    if (key === 'environment') return isPlainMap(value) ? 'compose-form' : undefined; // `unknown type for service environment: map`
    if (key === 'links') return target === 'v3' ? 'compose-key' : undefined; // a real key on v2
    if (key === 'ports') return target === 'v2' && Array.isArray(value) && value.some(isComposePortItem) ? 'compose-key' : undefined; // v3 reads ports
  }
  if (section === 'services' && path.length === 4 && key === 'ports') return target === 'v3' && isComposePortItem(value) ? 'compose-form' : undefined;
  if (section === 'services' && path.length === 4 && key === 'build' && sub === 'args') return isPlainMap(value) ? 'compose-form' : undefined;
  if (path.length === 1 && section === 'configs') return isPlainMap(value) ? (target === 'v3' ? 'compose-form' : 'compose-key') : undefined;
  return composeKeyAt(path) ? 'compose-key' : undefined;
}

/** True when the compose check reports the schema finding at `path` instead (and its rule is not turned off). */
export function composeReportsInstead(settings: ConvoxSettings, path: readonly (string | number)[], value: unknown): boolean {
  const code = composeClaim(settings.target, path, value);
  return code !== undefined && settings.rules[code] !== 'off';
}
