import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { CORPUS } from '../../helpers/corpus';
import { convertCase } from './cases';

/**
 * Each pair of the corpus is one app with a docker-compose file and a hand-written convox.yml. The converted
 * manifest must agree with the hand-written one on services, ports, resources and health paths wherever the
 * compose file holds that information. Where the two differ because the compose file does not say (a dev-only
 * compose, a production database outside the rack, a port from `${VAR}`), the expectation says why.
 */

type Body = Record<string, unknown>;
interface Manifest {
  services: Record<string, Body>;
  resources: Record<string, { type?: string }>;
  timers: Record<string, Body>;
  /** The manifest as written. */
  raw: string;
}

interface ServiceExpectation {
  ours: string;
  /** The hand-written service it corresponds to. */
  theirs: string;
  port?: number;
  /** The port of the hand-written manifest when it differs from the compose file's, with the reason. */
  theirPort?: { port: number | undefined; why: string };
  health?: string;
  command?: string;
  /** Container ports (`5000/tcp`, `8125/udp`) besides `port`, or an agent's ports. */
  ports?: string[];
}

interface Pair {
  dir: string;
  compose: string;
  overrides?: string[];
  manifest: string;
  services: ServiceExpectation[];
  /** Resource types of the converted manifest. */
  resources: string[];
  /** Resource types of the hand-written manifest when they differ, with the reason. */
  theirResources?: { types: string[]; why: string };
  /** Comparisons specific to the pair. */
  extra?: (ours: Manifest, theirs: Manifest) => void;
  /** What the compose file does not hold (so the manifests differ there). */
  why?: string;
}

const PAIRS: Pair[] = [
  {
    dir: 'ArsalanMalik27__Coinsequence-user-profile',
    compose: 'docker__docker-compose.local.yml',
    manifest: 'convox.yml',
    services: [{ ours: 'web-profile', theirs: 'profile-web', port: 8000 }],
    resources: ['postgres'],
    theirResources: { types: [], why: 'production reads an external PostgreSQL from POSTGRES_* variables; the local compose file runs one' },
    why: 'the hand-written health path and scale are not in the compose file; adminer, localstack and the consumers are local-only',
  },
  {
    dir: 'CapitolZen__CapitolZen-Backend',
    compose: 'docker-compose.yml',
    manifest: 'convox.yml',
    services: [{ ours: 'nginx', theirs: 'nginx', port: 443 }],
    resources: [],
    why: 'the early hand-written manifest deploys only nginx; django and celery come from the compose file',
  },
  {
    dir: 'DocSpring__rack-gateway',
    compose: 'docker-compose.yml',
    manifest: 'convox.yml',
    services: [
      {
        ours: 'gateway-api-preview',
        theirs: 'gateway',
        health: '/api/v1/health',
        port: 8447,
        theirPort: { port: 8080, why: 'the compose file publishes ${GATEWAY_PORT:-8447}; production sets PORT=8080' },
      },
    ],
    resources: ['postgres'],
    theirResources: { types: [], why: 'production sets DATABASE_URL through Terraform; the dev compose file runs PostgreSQL' },
    why: 'the compose file is for development and tests (mocks, profiles); production runs a prebuilt image',
  },
  {
    dir: 'Twsouza__team-manager-convox',
    compose: '.devcontainer__docker-compose.yml',
    manifest: 'convox.yml',
    services: [{ ours: 'team-manager', theirs: 'web', port: 3000 }],
    resources: ['postgres'],
    why: 'the compose file does not link the app to its database (the devcontainer app reads its settings from elsewhere)',
  },
  {
    dir: 'bitzesty__notifications-api',
    compose: 'docker__docker-compose-development.yml',
    manifest: 'convox.yml',
    services: [],
    resources: ['postgres', 'redis'],
    theirResources: { types: [], why: 'production reads SQLALCHEMY_DATABASE_URI from the app environment (an external database)' },
    why: 'the development compose file only runs the backing services; the app services are not in it',
  },
  {
    dir: 'bitzesty__vigilion-scanner',
    compose: 'docker-compose.yml',
    manifest: 'convox.yml',
    services: [{ ours: 'web', theirs: 'web', port: 3000, health: '/healthcheck', command: '/sbin/my_init' }],
    resources: [],
    extra: (_ours, theirs) => assert.equal(theirs.services.web.command, './docker/puma.sh', 'the hand-written manifest runs a different command than the Gen1 compose file'),
  },
  {
    dir: 'codelittinc__notifications',
    compose: 'docker-compose.yml',
    manifest: 'convox.yml',
    services: [
      { ours: 'app', theirs: 'notifications-api', port: 3000 },
      { ours: 'sidekiq', theirs: 'worker', command: 'bundle exec sidekiq' },
    ],
    resources: ['postgres', 'redis'],
    extra: (ours, theirs) => {
      // Both link the database and redis to the web and worker services.
      for (const [o, t] of [
        ['app', 'notifications-api'],
        ['sidekiq', 'worker'],
      ]) {
        assert.deepEqual(types(ours, ours.services[o].resources), ['postgres', 'redis']);
        assert.deepEqual(types(theirs, theirs.services[t].resources), ['postgres', 'redis']);
      }
    },
  },
  {
    dir: 'codelittinc__roadrunner',
    compose: 'docker-compose.yml',
    manifest: 'convox.yml',
    services: [{ ours: 'app', theirs: 'roadrunner-api', port: 3000 }],
    resources: ['postgres', 'redis'],
    extra: (ours, theirs) => {
      assert.deepEqual(types(ours, ours.services.app.resources), ['postgres', 'redis']);
      assert.deepEqual(types(theirs, theirs.services['roadrunner-api'].resources), ['postgres', 'redis']);
    },
    why: 'the sidekiq worker and the timers exist only in the hand-written manifest',
  },
  { dir: 'convox__certbot', compose: 'docker-compose.yml', manifest: 'convox.yml', services: [{ ours: 'web', theirs: 'web', port: 3000 }], resources: [] },
  {
    dir: 'convox__rack',
    compose: 'examples__gen1__docker-compose.yml',
    manifest: 'examples__gen1__convox-dockerfile.yml',
    services: [{ ours: 'web', theirs: 'web', port: 80 }],
    resources: [],
  },
  {
    dir: 'copotrzebne-pl__copotrzebne-api',
    compose: 'docker-compose.yml',
    overrides: ['docker-compose.db.yml'],
    manifest: 'convox.yml',
    services: [{ ours: 'app', theirs: 'web', theirPort: { port: 3000, why: 'the compose file publishes ${API_PORT}:${API_PORT}, whose value only the shell knows' } }],
    resources: ['postgres'],
    why: 'adminer is local-only; the health path is not in the compose file',
  },
  {
    dir: 'crohr__www-buildcurl',
    compose: 'docker-compose.yml',
    manifest: 'app__convox.yml',
    services: [{ ours: 'web', theirs: 'web', port: 80 }],
    resources: [],
    extra: (ours, theirs) => {
      // The Traefik Host rule is the domain.
      assert.equal(ours.services.web.domain, 'buildcurl.com');
      assert.ok((theirs.services.web.domain as string[]).includes('buildcurl.com'));
    },
  },
  {
    dir: 'easybib__dd-agent',
    compose: 'docker-compose.yml',
    manifest: 'convox.yml',
    services: [{ ours: 'agent', theirs: 'agent', ports: ['8125/udp', '8126/tcp'] }],
    resources: [],
    extra: (ours, theirs) => {
      assert.equal(ours.services.agent.agent, true);
      assert.ok(theirs.services.agent.agent, 'the hand-written service is an agent too');
    },
  },
  {
    dir: 'ianmalott__constable',
    compose: 'docker-compose.yml',
    manifest: 'convox.yml',
    services: [{ ours: 'web', theirs: 'web', port: 4000, theirPort: { port: undefined, why: 'the praxis-era manifest routes 80 to web:4000 with a balancers: entry' } }],
    resources: ['postgres'],
    theirResources: { types: [], why: 'the praxis-era manifest runs convox/postgres as a service; on today\'s Convox that image is the postgres resource' },
    extra: (_ours, theirs) => assert.match(theirs.raw, /80\/http: http:\/\/web:4000/),
  },
  {
    dir: 'jayjanssen__convox-utils',
    compose: 'docker-compose.yml',
    manifest: 'convox.yml',
    services: [],
    resources: [],
    extra: (ours, theirs) => {
      // The compose service's command is what the hand-written timer runs (the schedule is not in the compose file).
      assert.equal(ours.services['instance-restarter'].command, '/src/instance-restarter.sh');
      assert.equal(theirs.timers['instance-restarter'].command, '/src/instance-restarter.sh');
    },
  },
  {
    dir: 'lz430__app',
    compose: 'backend__docker-compose.yml',
    manifest: 'convox.yml',
    services: [{ ours: 'nginx', theirs: 'app', port: 80 }],
    resources: ['redis'],
    theirResources: { types: [], why: 'production uses external MySQL and Redis' },
    why: 'production images bundle nginx with php-fpm in one app service; the health path is not in the compose file',
  },
];

function load(file: string): Manifest {
  return loadText(readFileSync(file, 'utf8'));
}

function loadText(text: string): Manifest {
  const value = (parse(text) ?? {}) as Partial<Manifest>;
  return { services: value.services ?? {}, resources: value.resources ?? {}, timers: value.timers ?? {}, raw: text };
}

/** The container port behind `port` (`3000`, `"https:3000"`, `{port: 3000}`). */
function portOf(service: Body): number | undefined {
  const port = service.port as unknown;
  if (typeof port === 'number') return port;
  if (typeof port === 'string') return Number(port.split(':').pop());
  if (port && typeof port === 'object') return portOf(port as Body);
  return undefined;
}

/** `health` (string or map), or a hybrid manifest's Gen1 `convox.health.path` label. */
function healthOf(service: Body): string | undefined {
  const health = service.health as unknown;
  if (typeof health === 'string') return health;
  if (health && typeof health === 'object') return (health as Body).path as string | undefined;
  const label = ((service.labels as string[] | undefined) ?? []).find((l) => typeof l === 'string' && l.startsWith('convox.health.path='));
  return label?.split('=')[1];
}

function portList(service: Body): string[] {
  const agent = service.agent as Body | boolean | undefined;
  const raw = (typeof agent === 'object' && agent?.ports ? agent.ports : service.ports) as (string | number)[] | undefined;
  return (raw ?? []).map((p) => (/\//.test(String(p)) ? String(p) : `${p}/tcp`)).sort();
}

function types(manifest: Manifest, links: unknown): string[] {
  const names = ((links as string[] | undefined) ?? []).map((link) => link.split(':')[0]);
  return names.map((name) => String(manifest.resources[name]?.type)).sort();
}

for (const pair of PAIRS) {
  test(`pair ${pair.dir}: the conversion agrees with the hand-written convox.yml`, () => {
    const dir = path.join(CORPUS, 'pairs', pair.dir);
    const result = convertCase({ name: pair.dir, kind: 'compose', file: path.join(dir, pair.compose), overrides: pair.overrides });
    const ours = loadText(result.manifest);
    const theirs = load(path.join(dir, pair.manifest));
    for (const expected of pair.services) {
      const o = ours.services[expected.ours];
      const t = theirs.services[expected.theirs];
      assert.ok(o, `converted service ${expected.ours} is missing`);
      assert.ok(t, `hand-written service ${expected.theirs} is missing`);
      if (expected.port !== undefined) assert.equal(portOf(o), expected.port, `${expected.ours} port`);
      assert.equal(portOf(t), expected.theirPort ? expected.theirPort.port : expected.port, `${expected.theirs} port (hand-written)`);
      if (expected.health !== undefined) {
        assert.equal(healthOf(o), expected.health, `${expected.ours} health path`);
        assert.equal(healthOf(t), expected.health, `${expected.theirs} health path (hand-written)`);
      }
      if (expected.command !== undefined) assert.equal(o.command, expected.command, `${expected.ours} command`);
      if (expected.ports) {
        assert.deepEqual(portList(o), expected.ports, `${expected.ours} ports`);
        assert.deepEqual(portList(t), expected.ports, `${expected.theirs} ports (hand-written)`);
      }
    }
    const resourceTypes = (m: Manifest) => Object.values(m.resources).map((r) => String(r?.type)).sort();
    assert.deepEqual(resourceTypes(ours), pair.resources, 'converted resource types');
    assert.deepEqual(resourceTypes(theirs), pair.theirResources ? pair.theirResources.types : pair.resources, 'hand-written resource types');
    pair.extra?.(ours, theirs);
  });
}

test('every pair with a compose file is compared', () => {
  const compared = new Set(PAIRS.map((p) => p.dir));
  const withCompose = readdirPairs().filter((dir) => dir.files.some((f) => /compose/i.test(f) && /\.ya?ml$/.test(f)));
  assert.deepEqual(
    withCompose.map((d) => d.dir).filter((d) => !compared.has(d)),
    [],
  );
});

function readdirPairs(): { dir: string; files: string[] }[] {
  const root = path.join(CORPUS, 'pairs');
  return readdirSync(root).map((dir) => ({ dir, files: readdirSync(path.join(root, dir)) }));
}
