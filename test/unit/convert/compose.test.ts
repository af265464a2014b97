import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { interpolate, parseInterpolation } from '../../../server/src/service/compose/interpolation';
import { parseComposePort } from '../../../server/src/service/compose/ports';
import { convertCompose } from '../../../server/src/service/convert/compose';
import { datastoreFor } from '../../../server/src/service/convert/datastores';
import { conversionDiagnostics } from '../../../server/src/service/convert/diagnostics';
import { dotenvNames } from '../../../server/src/service/convert/environment';
import { httpCheck } from '../../../server/src/service/convert/health';
import { traefikHosts } from '../../../server/src/service/convert/labels';
import { convoxName, Names } from '../../../server/src/service/convert/names';
import type { ConversionNote, ConversionResult } from '../../../server/src/service/convert/types';
import { rewrite } from '../../../server/src/service/convert/values';
import { normalizeSettings } from '../../../server/src/service/settings';

function convert(text: string, files: Record<string, string> = {}, options: { overrides?: string[]; profiles?: string[] } = {}): ConversionResult {
  return convertCompose(text, { fileName: 'docker-compose.yml', readFile: (file) => files[file.replace(/^\.\//, '')], ...options });
}

function manifest(result: ConversionResult): { services: Record<string, Record<string, unknown>>; resources: Record<string, Record<string, unknown>>; timers: Record<string, Record<string, unknown>>; environment?: string[] } {
  const value = parse(result.manifest) ?? {};
  return { services: {}, resources: {}, timers: {}, ...value };
}

function note(result: ConversionResult, path: string, kind?: ConversionNote['kind']): ConversionNote {
  const found = result.report.find((n) => n.path === path && (!kind || n.kind === kind));
  assert.ok(found, `no ${kind ?? ''} note at ${path}; notes: ${result.report.map((n) => `${n.path} (${n.kind})`).join(', ')}`);
  return found;
}

/** The source text a note underlines. */
function underlined(text: string, n: ConversionNote): string {
  const doc = TextDocument.create('file:///c.yml', 'yaml', 1, text);
  return text.slice(doc.offsetAt(n.range.start), doc.offsetAt(n.range.end));
}

describe('compose interpolation (compose spec)', () => {
  const env = (vars: Record<string, string>) => (name: string) => vars[name];
  test('defaults, required and replacement forms', () => {
    assert.equal(interpolate('${A:-x}', env({})), 'x');
    assert.equal(interpolate('${A:-x}', env({ A: '' })), 'x');
    assert.equal(interpolate('${A-x}', env({ A: '' })), '');
    assert.equal(interpolate('${A-x}', env({})), 'x');
    assert.equal(interpolate('${A:?missing}', env({})), undefined);
    assert.equal(interpolate('${A:+set}', env({ A: '1' })), 'set');
    assert.equal(interpolate('${A:+set}', env({})), '');
    assert.equal(interpolate('${A:-${B:-c}}', env({})), 'c');
    assert.equal(interpolate('$A/$B-x', env({ A: 'a', B: 'b' })), 'a/b-x');
    assert.equal(interpolate('cost: $$5 ${A}', env({ A: 'x' })), 'cost: $5 x');
  });
  test('a ${ compose cannot parse is invalid', () => {
    assert.equal(parseInterpolation('${A'), undefined);
    assert.equal(parseInterpolation('${1A}'), undefined);
    assert.deepEqual(parseInterpolation('$ and $1'), [{ kind: 'text', text: '$ and $1' }]);
  });
  test('rewritten for Convox: defaults resolved, variables braced, $$ unescaped', () => {
    const r = rewrite('http://api:${PORT:-3000}/$PATH_PREFIX and $$HOME');
    assert.equal(r.text, 'http://api:3000/${PATH_PREFIX} and $HOME');
    assert.deepEqual(r.defaulted, [{ raw: '${PORT:-3000}', value: '3000' }]);
    assert.deepEqual(r.kept, ['PATH_PREFIX']);
    assert.equal(rewrite('$${NOT_A_VAR}').literalInterpolation, true);
  });
});

describe('helpers', () => {
  test('compose ports: ranges, host addresses and the long form', () => {
    assert.deepEqual(parseComposePort('127.0.0.1:5000-5010:5000-5010'), { container: undefined, published: '5000-5010', protocol: 'tcp', mapping: true, containerRange: [5000, 5010], hostIp: '127.0.0.1' });
    assert.equal(parseComposePort('8080:80/udp')?.protocol, 'udp');
    assert.equal(parseComposePort({ target: 80, published: 8080, app_protocol: 'HTTP' })?.appProtocol, 'http');
  });
  test('Convox names', () => {
    assert.equal(convoxName('db_profile'), 'db-profile');
    assert.equal(convoxName('NGINX'), 'nginx');
    assert.equal(convoxName('1st--app_'), 's-1st-app');
    const names = new Names();
    assert.deepEqual([names.allocate('web_app'), names.allocate('web-app')], ['web-app', 'web-app-2']);
  });
  test('datastore images and their versions', () => {
    assert.deepEqual(datastoreFor('postgres:13.2-alpine'), { type: 'postgres', version: '13.2', tag: '13.2-alpine' });
    assert.deepEqual(datastoreFor('docker.io/library/redis:7'), { type: 'redis', version: '7' });
    assert.deepEqual(datastoreFor('convox/postgres'), { type: 'postgres' });
    assert.deepEqual(datastoreFor('postgis/postgis:13-3.1-alpine'), { type: 'postgis', version: '13-3.1', tag: '13-3.1-alpine' });
    assert.deepEqual(datastoreFor('mariadb:10-focal'), { type: 'mariadb', version: '10', tag: '10-focal' });
    assert.deepEqual(datastoreFor('redis:alpine'), { type: 'redis', version: undefined, tag: 'alpine' });
    assert.equal(datastoreFor('redislabs/redismod'), undefined);
    assert.equal(datastoreFor('${DB_IMAGE}'), undefined);
  });
  test('env file names (values never read)', () => {
    assert.deepEqual(dotenvNames('# comment\nexport A=1\nB=\n  C = x\nD\nA=2\n'), ['A', 'B', 'C', 'D']);
  });
  test('HTTP health checks: the path (and port) curl or wget requests', () => {
    assert.deepEqual(httpCheck('curl -fsS http://localhost:$PORT/api/v1/health || exit 1'), { path: '/api/v1/health', port: undefined });
    assert.deepEqual(httpCheck('curl --silent --fail localhost:8000/flask-health-check || exit 1'), { path: '/flask-health-check', port: 8000 });
    assert.deepEqual(httpCheck('wget -qO- http://127.0.0.1:3000'), { path: '/', port: 3000 });
    assert.equal(httpCheck('pg_isready -U postgres'), undefined);
    assert.equal(httpCheck('echo | nc -w 5 localhost:80'), undefined);
  });
  test('Traefik host rules', () => {
    assert.deepEqual(traefikHosts('Host:buildcurl.com,www.buildcurl.com'), ['buildcurl.com', 'www.buildcurl.com']);
    assert.deepEqual(traefikHosts('Host(`a.com`) || Host(`b.com`, `c.com`) && PathPrefix(`/x`)'), ['a.com', 'b.com', 'c.com']);
    assert.deepEqual(traefikHosts('Path(`/`)'), []);
  });
});

describe('convertCompose', () => {
  test('ports: the HTTP port becomes port, the others ports; a localhost-only port is reported', () => {
    const text = 'services:\n  web:\n    image: app\n    ports:\n      - "9229:9229"\n      - "127.0.0.1:8080:80"\n      - "53:53/udp"\n';
    const result = convert(text);
    const web = manifest(result).services.web;
    assert.equal(web.port, 80);
    assert.deepEqual(web.ports, [9229, '53/udp']);
    const local = note(result, 'services.web.ports[1]', 'converted-approximately');
    assert.equal(underlined(text, local), '"127.0.0.1:8080:80"');
    assert.match(local.message, /Published only on 127\.0\.0\.1/);
    assert.match(note(result, 'services.web.ports[0]').message, /9229 is listed under `ports:`/);
  });

  test('expose only: an internal port; a database port never becomes port', () => {
    const result = convert('services:\n  api:\n    image: api\n    expose: ["8000"]\n  cache:\n    image: memcache-like\n    expose: [11211]\n');
    const { services } = manifest(result);
    assert.deepEqual([services.api.port, services.api.internal], [8000, true]);
    assert.deepEqual([services.cache.port, services.cache.ports], [undefined, [11211]]);
  });

  test('a port from ${VAR} is a manual step', () => {
    const text = 'services:\n  app:\n    build: .\n    ports:\n      - ${API_PORT}:${API_PORT}\n';
    const result = convert(text);
    assert.equal(manifest(result).services.app.port, undefined);
    const n = note(result, 'services.app.ports[0]', 'manual-step');
    assert.equal(underlined(text, n), '${API_PORT}:${API_PORT}');
  });

  test('environment: defaults resolved, pass-through variables required, values kept for Convox interpolation', () => {
    const text = [
      'services:',
      '  web:',
      '    image: web',
      '    environment:',
      '      LOG_LEVEL: ${LOG_LEVEL:-info}',
      '      PORT: ${GATEWAY_PORT:-8447}',
      '      SECRET:',
      '      API: ${API_URL}',
      '      FLAG: "true"',
      '',
    ].join('\n');
    const result = convert(text);
    const { services, environment } = manifest(result);
    assert.deepEqual(services.web.environment, ['LOG_LEVEL=info', 'PORT=8447', 'SECRET', 'API=${API_URL}', 'FLAG=true']);
    assert.deepEqual(environment, ['API_URL'], '${API_URL} is declared so an unset value fails the deploy');
    assert.ok(!result.report.some((n) => n.path === 'services.web.environment.LOG_LEVEL'), '${KEY:-x} for KEY itself is exact');
    const port = note(result, 'services.web.environment.PORT', 'converted-approximately');
    assert.equal(underlined(text, port), 'PORT');
    assert.match(port.message, /\$\{GATEWAY_PORT:-8447\} became its default "8447"/);
    assert.match(note(result, 'services.web.environment', 'manual-step').message, /^Set SECRET with `convox env set`/);
  });

  test('env_file: names declared, values never copied', () => {
    const text = 'services:\n  web:\n    image: web\n    env_file: .env\n    environment:\n      - A=from-compose\n';
    const result = convert(text, { '.env': 'A=1\nSECRET_TOKEN=s3cr3t-value\n' });
    assert.deepEqual(manifest(result).services.web.environment, ['A=from-compose', 'SECRET_TOKEN']);
    assert.doesNotMatch(result.manifest + JSON.stringify(result.report), /s3cr3t-value/);
    const n = note(result, 'services.web.env_file', 'manual-step');
    assert.equal(underlined(text, n), '.env');
    assert.match(n.message, /convox env set SECRET_TOKEN=\.\.\./);
    assert.match(note(convert(text), 'services.web.env_file').message, /\.env could not be read/);
  });

  test('datastores become resources, linked by depends_on, with URLs turned into named links', () => {
    const text = [
      'services:',
      '  web:',
      '    build: .',
      '    environment:',
      '      DATABASE_URL: postgres://app:secret@db:5432/app',
      '      CACHE_HOST: cache',
      '      PG_HOST: db',
      '    depends_on: [db, cache]',
      '  db:',
      '    image: postgres:16.2-alpine',
      '    environment:',
      '      POSTGRES_PASSWORD: secret',
      '  cache:',
      '    image: redis',
      '',
    ].join('\n');
    const result = convert(text);
    const { services, resources } = manifest(result);
    assert.deepEqual(resources, { db: { type: 'postgres', options: { version: '16.2' } }, cache: { type: 'redis' } });
    // PG_HOST needs the plain link (DB_HOST); DATABASE_URL gets a named one.
    assert.deepEqual(services.web.resources, ['db', 'db:DATABASE_URL', 'cache']);
    assert.deepEqual(services.web.environment, ['PG_HOST']);
    assert.doesNotMatch(result.manifest, /secret/);
    assert.match(note(result, 'services.web.environment.DATABASE_URL').message, /resource link db:DATABASE_URL/);
    assert.match(note(result, 'services.web.environment.CACHE_HOST', 'converted-approximately').message, /CACHE_HOST is injected by the link to the resource cache/);
    assert.match(note(result, 'services.web.environment.PG_HOST', 'manual-step').message, /read DB_HOST and DB_PORT/);
    assert.match(note(result, 'services.db.image').message, /16\.2-alpine becomes options\.version 16\.2/);
    assert.match(note(result, 'services.cache.image', 'manual-step').message, /no version: Convox runs its default redis 4\.0\.10/);
  });

  test('healthcheck: the curl URL is the health path; timings in seconds; start_period is grace', () => {
    const text = [
      'services:',
      '  web:',
      '    image: web',
      '    ports: ["3000:3000"]',
      '    healthcheck:',
      '      test: ["CMD", "curl", "-f", "http://localhost:3000/up"]',
      '      interval: 1m30s',
      '      timeout: 10s',
      '      start_period: 40s',
      '      retries: 3',
      '',
    ].join('\n');
    const result = convert(text);
    assert.deepEqual(manifest(result).services.web.health, { path: '/up', grace: 40, interval: 90, timeout: 10 });
    assert.equal(underlined(text, note(result, 'services.web.healthcheck.retries', 'dropped')), '3');
  });

  test('a command health check is a manual step; without a port it is not needed', () => {
    const withPort = convert('services:\n  web:\n    image: web\n    ports: ["80:80"]\n    healthcheck:\n      test: pg_isready\n');
    assert.equal(note(withPort, 'services.web.healthcheck.test').kind, 'manual-step');
    const worker = convert('services:\n  worker:\n    image: w\n    healthcheck:\n      test: ["CMD", "curl", "-f", "http://localhost/health"]\n');
    assert.equal(manifest(worker).services.worker.health, undefined);
    assert.match(note(worker, 'services.worker.healthcheck', 'dropped').message, /Convox only checks services with a `port`/);
  });

  test('bind mounts are dropped, named volumes kept with the reason, system paths mounted', () => {
    const text = 'services:\n  web:\n    image: web\n    volumes:\n      - ./src:/app\n      - data:/data:ro\n      - /var/run/docker.sock:/var/run/docker.sock\nvolumes:\n  data:\n';
    const result = convert(text);
    assert.deepEqual(manifest(result).services.web.volumes, ['data:/data', '/var/run/docker.sock:/var/run/docker.sock']);
    assert.equal(underlined(text, note(result, 'services.web.volumes[0]', 'dropped')), './src:/app');
    assert.match(note(result, 'services.web.volumes[1]').message, /emptyDir.*Read-only \(ro\) is dropped/);
  });

  test('lone carriage returns, NEL, LS and PS end lines, as in docker compose (yaml.v3); notes still underline the right text', () => {
    const lf = 'services:\n  web:\n    image: nginx\n    ports: ["8080:80"]\n    links: [db]\n';
    const fromLf = convert(lf);
    for (const lineBreak of ['\r', '\u0085', '\u2028', '\u2029']) {
      const text = lf.replace(/\n/g, lineBreak);
      const converted = convert(text);
      assert.deepEqual(manifest(converted), manifest(fromLf), JSON.stringify(lineBreak));
      assert.equal(manifest(converted).services.web.port, 80);
      assert.equal(underlined(text, note(converted, 'services.web.links[0]')), 'db');
    }
  });

  test('values of a kind docker compose rejects are reported where they are and left out, never lost silently', () => {
    const text = 'services:\n  web:\n    image: [nginx]\n    command: [run, [x], {a: b}]\n    environment: [A=1, [B]]\n    labels: {a: [b], c: d}\n    ports: ~\n    env_file: [{required: false}]\n';
    const result = convert(text);
    const dropped = result.report.filter((n) => n.kind === 'dropped');
    assert.deepEqual(
      dropped.map((n) => [n.path, underlined(text, n)]),
      [
        ['services.web.image', '[nginx]'],
        ['services.web.command[1]', '[x]'],
        ['services.web.command[2]', '{a: b}'],
        ['services.web.environment[1]', '[B]'],
        ['services.web.labels.a', '[b]'],
        ['services.web.env_file[0]', '{required: false}'],
      ],
    );
    assert.match(dropped[0].message, /^image is a list here, where docker compose expects a single value and rejects the file: not converted\.$/);
    assert.match(dropped[1].message, /^A list in command, where docker compose expects a single value/);
    const { services } = manifest(result);
    assert.deepEqual([services.web.command, services.web.environment, services.web.labels], ['run', ['A=1'], { c: 'd' }]);
  });

  test('booleans as docker compose reads them: True and TRUE, and the strings it casts (yes, on, no, off)', () => {
    const text = 'services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n    privileged: True\n    read_only: "yes"\n    healthcheck:\n      disable: ON\n    volumes:\n      - {type: volume, source: data, target: /data, read_only: yes}\n  worker:\n    image: nginx\n    privileged: "no"\n    read_only: false\nvolumes:\n  data: {}\n';
    const result = convert(text);
    const { services } = manifest(result);
    assert.equal(services.web.privileged, true);
    assert.deepEqual(services.web.securityContext, { readOnlyRootFilesystem: true });
    assert.deepEqual(services.web.health, { disable: true });
    assert.match(note(result, 'services.web.volumes[0]').message, /Read-only \(ro\) is dropped/);
    assert.equal(services.worker.privileged, undefined);
    assert.equal(services.worker.securityContext, undefined);
  });

  test('anchors and merge keys are resolved; notes point at the alias where the value is used', () => {
    const text = ['x-app: &app', '  image: app', '  restart: always', 'services:', '  web:', '    <<: *app', '    command: serve', ''].join('\n');
    const result = convert(text);
    assert.deepEqual(manifest(result).services.web, { image: 'app', command: 'serve' });
    assert.equal(underlined(text, note(result, 'services.web.restart', 'dropped')), '*app');
  });

  test('extends (same file) and !reset', () => {
    const text = 'services:\n  base:\n    image: base\n    command: run\n    environment: [A=1]\n  child:\n    extends: base\n    command: !reset\n    environment: [B=2]\n';
    const { services, environment } = manifest(convert(text));
    assert.deepEqual(services.child, { image: 'base', environment: ['B=2'] }, 'no command: !reset removed it');
    assert.deepEqual(environment, ['A=1'], 'A=1, which both services set, moved to the top level');
  });

  test('override files are merged as docker compose -f does', () => {
    const result = convert('services:\n  app:\n    build: .\n  postgres: {}\n', { 'docker-compose.db.yml': 'services:\n  postgres:\n    image: postgres:15\n' }, { overrides: ['docker-compose.db.yml'] });
    assert.deepEqual(manifest(result).resources, { postgres: { type: 'postgres', options: { version: '15' } } });
  });

  test('profiles: a service that needs a profile is deployed scaled to 0', () => {
    const text = 'services:\n  seed:\n    image: seed\n    profiles: ["seed"]\n';
    assert.equal(manifest(convert(text)).services.seed.scale, 0);
    assert.equal(manifest(convert(text, {}, { profiles: ['seed'] })).services.seed.scale, undefined);
  });

  test('deploy: replicas, resources, global mode', () => {
    const result = convert('services:\n  web:\n    image: web\n    deploy:\n      replicas: 3\n      resources:\n        limits: {cpus: "0.5", memory: 512M}\n        reservations: {memory: 256M}\n');
    assert.deepEqual(manifest(result).services.web.scale, { count: 3, cpu: 500, memory: 256, limit: { memory: 512 } });
    assert.deepEqual(manifest(convert('services:\n  agent:\n    image: dd\n    deploy:\n      mode: global\n')).services.agent.agent, true);
  });

  test('service names that Convox rejects are converted and reported', () => {
    const text = 'services:\n  web_app:\n    image: web\n';
    const result = convert(text);
    assert.ok('web-app' in manifest(result).services);
    const n = note(result, 'services.web_app', 'converted-approximately');
    assert.equal(underlined(text, n), 'web_app');
  });

  test('Gen1 labels: port protocol and secure, health, cron, drain', () => {
    const text = [
      'web:',
      '  build: .',
      '  labels:',
      '    - convox.port.443.protocol=https',
      '    - convox.port.443.secure=true',
      '    - convox.health.path=/check',
      '    - convox.health.timeout=3',
      '    - convox.cron.cleanup=0 3 * * ? bin/cleanup --all',
      '    - convox.draining.timeout=30',
      '  ports:',
      '    - 443:3001',
      '',
    ].join('\n');
    const result = convert(text);
    const { services, timers } = manifest(result);
    assert.equal(services.web.port, 'https:3001');
    assert.deepEqual(services.web.health, { path: '/check', interval: 5, timeout: 3 });
    assert.equal(services.web.drain, 30);
    assert.deepEqual(timers, { cleanup: { schedule: '0 3 * * ?', command: 'bin/cleanup --all', service: 'web' } });
    assert.equal(underlined(text, note(result, 'web.labels[4]')), 'convox.cron.cleanup=0 3 * * ? bin/cleanup --all');
  });

  test('unknown keys are reported, never dropped silently', () => {
    const text = 'services:\n  web:\n    image: web\n    frobnicate: yes\n';
    const n = note(convert(text), 'services.web.frobnicate', 'dropped');
    assert.equal(underlined(text, n), 'frobnicate');
    assert.match(n.message, /^Unknown compose key frobnicate/);
  });

  test('a YAML syntax error is not converted', () => {
    const result = convert('services:\n  web:\n    image: [web\n');
    assert.equal(result.manifest, '');
    assert.match(result.error ?? '', /^YAML syntax error/);
  });

  test('the output is deterministic and quotes what YAML 1.1 would misread', () => {
    const text = 'services:\n  web:\n    image: web\n    environment:\n      - X=1\n    command: ["yes"]\n';
    const once = convert(text).manifest;
    assert.equal(convert(text).manifest, once);
    assert.match(once, /^# Converted from docker-compose\.yml by convox-yml/);
    assert.match(once, /command: "yes"/);
  });
});

describe('conversion diagnostics on an open compose file', () => {
  const text = 'services:\n  web:\n    image: web\n    restart: always\n';
  test('information diagnostics with the conversion-note code', () => {
    const [d] = conversionDiagnostics('docker-compose.yml', text, normalizeSettings({}));
    assert.equal(d.code, 'conversion-note');
    assert.equal(d.severity, DiagnosticSeverity.Information);
    assert.equal(underlined(text, { range: d.range } as ConversionNote), 'restart');
    assert.match(d.message, /^Not converted: restart is not converted: Convox ignores it/);
    assert.deepEqual(d.data, { kind: 'dropped', path: 'services.web.restart' });
  });
  test('the rule can be turned off, raised, or silenced on a line', () => {
    assert.deepEqual(conversionDiagnostics('docker-compose.yml', text, normalizeSettings({ rules: { 'conversion-note': 'off' } })), []);
    assert.equal(conversionDiagnostics('docker-compose.yml', text, normalizeSettings({ rules: { 'conversion-note': 'warning' } }))[0].severity, DiagnosticSeverity.Warning);
    const ignored = 'services:\n  web:\n    image: web\n    # convox-ignore conversion-note\n    restart: always\n';
    assert.deepEqual(conversionDiagnostics('docker-compose.yml', ignored, normalizeSettings({})), []);
  });
});
