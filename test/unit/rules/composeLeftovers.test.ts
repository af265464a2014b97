import assert from 'node:assert/strict';
import { test } from 'node:test';
import { composeClaim, COMPOSE_BUILD_KEYS, COMPOSE_SERVICE_KEYS, COMPOSE_TOP_LEVEL_KEYS } from '../../../server/src/service/compose/keys';
import { httpPort, parseComposePort } from '../../../server/src/service/compose/ports';
import { composeDurationSeconds, cpuSharesToScaleCpu, cpusToScaleCpu, memoryToMiB } from '../../../server/src/service/compose/units';
import { ManifestDocument } from '../../../server/src/service/document';
import { validateManifest } from '../../../server/src/service/diagnostics/validate';
import { codeActions } from '../../../server/src/service/fixes/codeActions';
import { normalizeSettings, Target } from '../../../server/src/service/settings';
import { shellJoin, shellQuote } from '../../../server/src/service/text/shellQuote';
import { yamlString } from '../../../server/src/service/text/yamlQuote';
import { corpus, lines, lint, withCode } from '../checks/lint';

const compose = (text: string, target: Target = 'v3') => lint(text, target).filter((f) => f.code.startsWith('compose-'));

/** Titles of the quick fixes offered for the findings of `code` that underline `text`. */
function fixTitles(text: string, code: string, underlined: string, target: Target = 'v3'): string[] {
  const document = new ManifestDocument('file:///w/convox.yml', 1, text);
  const settings = normalizeSettings({ target });
  const diagnostics = validateManifest(document, settings).filter(
    (d) => d.code === code && document.text.slice(document.offsetAt(d.range.start), document.offsetAt(d.range.end)) === underlined,
  );
  assert.ok(diagnostics.length > 0, `a ${code} finding on ${underlined}`);
  return codeActions(document, diagnostics[0].range, [diagnostics[0]], settings).map((a) => a.title);
}

test('compose-key replaces unknown-key: one warning per key, on the key, with what to write instead', () => {
  const text = lines(
    'services:',
    '  web:',
    '    build: .',
    '    port: 3000',
    '    depends_on: [db]',
    '    env_file: .env',
    '    container_name: web-1',
    '    restart: always',
    '    networks: [backend]',
    '    entrypoint: /docker-entrypoint.sh',
    '    volumes_from: [data]',
  );
  const found = lint(text);
  assert.deepEqual(withCode(found, 'unknown-key'), []);
  const keys = withCode(found, 'compose-key');
  assert.deepEqual(
    keys.map((f) => f.text),
    ['depends_on', 'env_file', 'container_name', 'restart', 'networks', 'entrypoint', 'volumes_from'],
  );
  assert.ok(keys.every((f) => f.severity === 2));
  assert.match(keys[0].message, /^Docker-compose key "depends_on" in service "web": Convox ignores it and starts every service independently\. List databases and caches under `resources:`/);
  assert.match(keys[1].message, /Convox does not read env files\. Set the values on the app with `convox env set KEY=value`.*declare the names under `environment:`/);
  assert.match(keys[5].message, /keeps the image ENTRYPOINT/);
});

test('top-level compose keys: version, volumes, networks, secrets, name', () => {
  const text = lines('version: "3.8"', 'name: shop', 'services:', '  web:', '    image: nginx', 'volumes:', '  data: {}', 'networks:', '  backend: {}', 'secrets:', '  key:', '    file: k.txt');
  const found = lint(text);
  assert.deepEqual(withCode(found, 'unknown-key'), []);
  assert.deepEqual(
    withCode(found, 'compose-key').map((f) => f.text),
    ['version', 'name', 'volumes', 'networks', 'secrets'],
  );
  assert.match(withCode(found, 'compose-key')[0].message, /^Docker-compose key "version" at the top level: Convox ignores it\. convox\.yml has no version: remove it\.$/);
});

test('a misspelt Convox key stays unknown-key; x- anchor holders stay silent', () => {
  const found = lint(lines('x-base: &base', '  image: nginx', 'services:', '  web:', '    <<: *base', '    enviroment: []'));
  assert.deepEqual(found.map((f) => f.code), ['unknown-key']);
});

test('links: compose-key with service discovery on v3, a real key on v2', () => {
  const text = corpus('convox/convox-examples__node-frontend-backend__convox.yml');
  const [v3] = compose(text);
  assert.equal(v3.code, 'compose-key');
  assert.equal(v3.text, 'links');
  assert.match(v3.message, /only v2 racks read `links`/);
  assert.match(v3.message, /http:\/\/<service>\.<app>\.convox\.local:<port>/);
  assert.deepEqual(withCode(lint(text), 'unsupported-on-target'), []);
  assert.deepEqual(compose(text, 'v2'), []);
  // frsechet is a Gen2 manifest for a v2 rack: links are valid there.
  assert.deepEqual(compose(corpus('convox/frsechet__convox-overwrite-env-var__convox.yml'), 'v2'), []);
  assert.deepEqual(fixTitles(text, 'compose-key', 'links'), ['Remove "links"']);
});

test('ports with published ports: compose-form on the value on v3 (load error), compose-key on the key on v2', () => {
  const text = lines('services:', '  web:', '    build: .', '    ports:', '      - "80:80"', '      - 8080:3000', '      - "127.0.0.1:9229:9229"', '      - 5000/udp');
  const v3 = lint(text);
  assert.deepEqual(withCode(v3, 'invalid-value'), []);
  const forms = withCode(v3, 'compose-form');
  assert.deepEqual(
    forms.map((f) => f.text),
    ['"80:80"', '8080:3000', '"127.0.0.1:9229:9229"'],
  );
  assert.ok(forms.every((f) => f.severity === 1));
  assert.match(forms[0].message, /^strconv\.Atoi: parsing "80:80": invalid syntax\. "80:80" is a docker-compose published:container mapping;.*Write the port the load balancer routes to as `port: 80`/);
  assert.match(forms[1].message, /List the container port only: `- 3000`/);
  assert.deepEqual(fixTitles(text, 'compose-form', '8080:3000'), ['Convert to port: 80', 'Remove "ports"']);

  const v2 = lint(text, 'v2');
  assert.deepEqual(withCode(v2, 'unsupported-on-target'), []);
  const [key] = withCode(v2, 'compose-key');
  assert.equal(key.text, 'ports');
  assert.match(key.message, /v2 racks ignore `ports`.*`port: 80`/);
});

test('Convox forms of ports are left alone: container ports on v3, unsupported-on-target on v2, ${VAR} skipped', () => {
  const text = lines('services:', '  web:', '    build: .', '    ports: [5000, "5001/udp"]');
  assert.deepEqual(compose(text), []);
  assert.deepEqual(compose(text, 'v2'), []);
  assert.deepEqual(withCode(lint(text, 'v2'), 'unsupported-on-target').map((f) => f.text), ['ports']);
  const interpolated = lint(lines('services:', '  web:', '    build: .', '    ports: ["${HOST_PORT}:3000"]'));
  assert.deepEqual(interpolated.filter((f) => f.code.startsWith('compose-') || f.code.startsWith('invalid-')), []);
});

test('environment as a map: compose-form on the map, replacing invalid-type; a list is fine', () => {
  const found = lint(lines('services:', '  web:', '    image: a', '    environment:', '      A: b', '      C:'));
  assert.deepEqual(withCode(found, 'invalid-type'), []);
  const [form] = withCode(found, 'compose-form');
  assert.equal(form.text.trimEnd(), 'A: b\n      C:');
  assert.match(form.message, /^unknown type for service environment: map\. This is the docker-compose form/);
  assert.deepEqual(lint(lines('services:', '  web:', '    image: a', '    environment:', '      - A=b', '      - C')), []);
});

test('build: context and dockerfile renamed, other compose build keys removed, args map is a load error', () => {
  const text = lines('services:', '  web:', '    build:', '      context: ./app', '      dockerfile: Dockerfile.prod', '      target: prod', '      args:', '        RUBY: "3.3"');
  const found = lint(text);
  assert.deepEqual(withCode(found, 'unknown-key'), []);
  assert.deepEqual(withCode(found, 'invalid-type'), []);
  assert.deepEqual(withCode(found, 'compose-key').map((f) => f.text), ['context', 'dockerfile', 'target']);
  assert.match(withCode(found, 'compose-key')[0].message, /^Docker-compose key "context" in the build of service "web": Convox ignores it and builds `\.`\. Write the build directory as `path:`\.$/);
  assert.deepEqual(withCode(found, 'compose-form').map((f) => f.text.trimEnd()), ['RUBY: "3.3"']);
  assert.deepEqual(fixTitles(text, 'compose-key', 'context'), ['Rename to path', 'Remove "context"']);
  assert.deepEqual(fixTitles(text, 'compose-key', 'dockerfile'), ['Rename to manifest', 'Remove "dockerfile"']);
  assert.deepEqual(fixTitles(text, 'compose-key', 'target'), ['Remove "target"']);
  assert.deepEqual(fixTitles(text, 'compose-form', 'RUBY: "3.3"\n'), ['Convert to a list', 'Remove "args"']);
  // With `path` already there, renaming `context` would give a duplicate key: only Remove.
  assert.deepEqual(fixTitles(lines('services:', '  web:', '    build:', '      path: .', '      context: ./app'), 'compose-key', 'context'), ['Remove "context"']);
});

test('top-level configs as a map: compose-form on v3, compose-key on v2; the Convox list form is fine', () => {
  const map = lines('services:', '  web:', '    image: nginx', 'configs:', '  nginx:', '    file: ./nginx.conf');
  assert.deepEqual(compose(map).map((f) => [f.code, f.text.trimEnd()]), [['compose-form', 'nginx:\n    file: ./nginx.conf']]);
  assert.deepEqual(compose(map, 'v2').map((f) => [f.code, f.text]), [['compose-key', 'configs']]);
  assert.deepEqual(compose(lines('services:', '  web:', '    image: nginx', 'configs:', '  - id: nginx', '    value: x')), []);
});

test('conversions are offered only where the meaning is clear', () => {
  const svc = (...body: string[]) => lines('services:', '  web:', '    build: .', ...body.map((l) => `    ${l}`), 'resources:', '  db:', '    type: postgres');
  assert.deepEqual(fixTitles(svc('healthcheck:', '  test: ["CMD", "pg_isready"]'), 'compose-key', 'healthcheck'), ['Remove "healthcheck"']);
  assert.deepEqual(fixTitles(svc('health: /up', 'healthcheck:', '  test: curl -f http://localhost/health'), 'compose-key', 'healthcheck'), ['Remove "healthcheck"']);
  assert.deepEqual(fixTitles(svc('deploy:', '  restart_policy:', '    condition: on-failure'), 'compose-key', 'deploy'), ['Remove "deploy"']);
  assert.deepEqual(fixTitles(svc('port: 3000', 'expose: [3000]'), 'compose-key', 'expose'), ['Remove "expose"']);
  assert.deepEqual(fixTitles(svc('expose: [3000, 3001]'), 'compose-key', 'expose'), ['Remove "expose"']);
  assert.deepEqual(fixTitles(svc('depends_on: [worker]'), 'compose-key', 'depends_on'), ['Remove "depends_on"']);
  assert.deepEqual(fixTitles(svc('depends_on: [db, worker]'), 'compose-key', 'depends_on'), ['Move to resources', 'Remove "depends_on"']);
  assert.deepEqual(fixTitles(svc('scale: 2', 'cpu_shares: 512'), 'compose-key', 'cpu_shares'), ['Remove "cpu_shares"']);
  assert.deepEqual(fixTitles(svc('scale: {cpu: 500}', 'cpus: 2'), 'compose-key', 'cpus'), ['Remove "cpus"']);
  assert.deepEqual(fixTitles(svc('mem_limit: 1g'), 'compose-key', 'mem_limit'), ['Convert to scale.memory: 1024', 'Remove "mem_limit"']);
  assert.deepEqual(fixTitles(svc('stop_grace_period: 1m30s'), 'compose-key', 'stop_grace_period'), ['Convert to termination.grace: 90', 'Remove "stop_grace_period"']);
  // A key brought in through a merge key is reported at the alias; its text is shared, so no edit is offered.
  const merged = lines('x-base: &base', '  restart: always', 'services:', '  web:', '    <<: *base', '    image: nginx');
  const [viaAlias] = compose(merged);
  assert.equal(viaAlias.text, '*base');
  assert.match(viaAlias.message, /"restart"/);
  assert.deepEqual(fixTitles(merged, 'compose-key', '*base'), []);
  // An anchored value used elsewhere: replacing or removing it would break the alias.
  const shared = lines('services:', '  web:', '    image: a', '    ports: &p ["80:80"]', '  api:', '    image: b', '    ports: *p');
  assert.deepEqual(fixTitles(shared, 'compose-form', '"80:80"'), []);
  assert.deepEqual(compose(shared).map((f) => f.text), ['"80:80"', '*p']);
});

test('easybib dd-agent: Gen1 cpu_shares and mem_limit, converted with the target unit', () => {
  const text = corpus('convox/easybib__dd-agent__convox.yml');
  for (const target of ['v3', 'v2'] as const) {
    assert.deepEqual(compose(text, target).map((f) => f.text), ['cpu_shares', 'mem_limit'], target);
    assert.deepEqual(withCode(lint(text, target), 'unknown-key'), [], target);
  }
  assert.deepEqual(fixTitles(text, 'compose-key', 'cpu_shares'), ['Convert to scale.cpu: 125', 'Remove "cpu_shares"']);
  assert.deepEqual(fixTitles(text, 'compose-key', 'cpu_shares', 'v2'), ['Convert to scale.cpu: 128', 'Remove "cpu_shares"']);
  assert.deepEqual(fixTitles(text, 'compose-key', 'mem_limit'), ['Convert to scale.memory: 256', 'Remove "mem_limit"']);
});

test('Coinsequence: build.context in a v3 manifest', () => {
  const text = corpus('pairs/ArsalanMalik27__Coinsequence-user-profile/convox.yml');
  assert.deepEqual(compose(text).map((f) => [f.code, f.text]), [['compose-key', 'context']]);
  assert.deepEqual(fixTitles(text, 'compose-key', 'context'), ['Rename to path', 'Remove "context"']);
});

test('turning compose-key off brings back the generic unknown-key finding', () => {
  const document = new ManifestDocument('file:///w/convox.yml', 1, lines('services:', '  web:', '    image: a', '    restart: always'));
  const codes = validateManifest(document, normalizeSettings({ rules: { 'compose-key': 'off' } })).map((d) => d.code);
  assert.deepEqual(codes, ['unknown-key']);
});

test('the compose key table: every key says what Convox does; the claim covers exactly the compose forms', () => {
  for (const table of [COMPOSE_SERVICE_KEYS, COMPOSE_TOP_LEVEL_KEYS, COMPOSE_BUILD_KEYS]) {
    for (const [key, entry] of Object.entries(table)) assert.ok(entry.convox.length > 0, key);
  }
  for (const convoxKey of ['image', 'command', 'environment', 'ports', 'volumes', 'labels', 'scale', 'privileged', 'build']) {
    assert.equal(COMPOSE_SERVICE_KEYS[convoxKey], undefined, convoxKey);
  }
  assert.equal(composeClaim('v3', ['services', 'web', 'ports', '0'], '80:80'), 'compose-form');
  assert.equal(composeClaim('v3', ['services', 'web', 'ports', '0'], '5000/udp'), undefined);
  assert.equal(composeClaim('v2', ['services', 'web', 'ports'], [5000]), undefined);
  assert.equal(composeClaim('v2', ['services', 'web', 'links'], ['api']), undefined);
  assert.equal(composeClaim('v2', ['configs'], [{ id: 'a' }]), undefined);
  assert.equal(composeClaim('v3', ['services', 'web', 'build', 'args'], ['A=1']), undefined);
});

test('compose units: durations, CPUs and memory', () => {
  assert.equal(composeDurationSeconds('1m30s'), 90);
  assert.equal(composeDurationSeconds('10s'), 10);
  assert.equal(composeDurationSeconds('500ms'), 1);
  assert.equal(composeDurationSeconds('1h'), 3600);
  assert.equal(composeDurationSeconds('10'), undefined);
  assert.equal(composeDurationSeconds(10), undefined);
  assert.equal(cpusToScaleCpu('0.5', 'v3'), 500);
  assert.equal(cpusToScaleCpu(2, 'v3'), 2000);
  assert.equal(cpusToScaleCpu('0.5', 'v2'), 512);
  assert.equal(cpusToScaleCpu('half', 'v3'), undefined);
  assert.equal(cpuSharesToScaleCpu(1024, 'v3'), 1000);
  assert.equal(cpuSharesToScaleCpu(512, 'v2'), 512);
  assert.equal(memoryToMiB('512M'), 512);
  assert.equal(memoryToMiB('512m'), 512);
  assert.equal(memoryToMiB('1g'), 1024);
  assert.equal(memoryToMiB('1.5GB'), 1536);
  assert.equal(memoryToMiB(536870912), 512);
  assert.equal(memoryToMiB('100k'), 1);
  assert.equal(memoryToMiB('lots'), undefined);
  assert.equal(memoryToMiB('${MEM}'), undefined);
});

test('compose ports: short and long syntax, ranges, host IPs', () => {
  const read = (value: unknown) => {
    const parsed = parseComposePort(value);
    return parsed && { container: parsed.container, published: parsed.published, protocol: parsed.protocol, mapping: parsed.mapping };
  };
  assert.deepEqual(read('80:80'), { container: 80, published: '80', protocol: 'tcp', mapping: true });
  assert.deepEqual(read('127.0.0.1:8080:3000/udp'), { container: 3000, published: '8080', protocol: 'udp', mapping: true });
  assert.deepEqual(read('[::1]:80:80'), { container: 80, published: '80', protocol: 'tcp', mapping: true });
  assert.deepEqual(read('3000'), { container: 3000, published: undefined, protocol: 'tcp', mapping: false });
  assert.deepEqual(read(5000), { container: 5000, published: undefined, protocol: 'tcp', mapping: false });
  assert.deepEqual(read('3000-3005'), { container: undefined, published: undefined, protocol: 'tcp', mapping: true });
  assert.deepEqual(read({ target: 80, published: 8080 }), { container: 80, published: '8080', protocol: 'tcp', mapping: true });
  assert.equal(parseComposePort('${PORT}:80'), undefined);
  assert.equal(parseComposePort('web'), undefined);
  assert.equal(httpPort([parseComposePort('5432:5432')!, parseComposePort('8080:3000')!]), 3000);
});

test('shell and YAML quoting', () => {
  assert.equal(shellQuote('bundle'), 'bundle');
  assert.equal(shellQuote('a b'), `'a b'`);
  assert.equal(shellQuote(`it's`), `'it'\\''s'`);
  assert.equal(shellQuote(''), `''`);
  assert.equal(shellJoin(['sh', '-c', 'echo $HOME']), `sh -c 'echo $HOME'`);
  assert.equal(yamlString('A=b'), 'A=b');
  assert.equal(yamlString('true'), `'true'`);
  assert.equal(yamlString('a: b'), `'a: b'`);
  assert.equal(yamlString(`it's # x`), `'it''s # x'`);
  assert.equal(yamlString('- x'), `'- x'`);
  assert.equal(yamlString('line\nbreak'), '"line\\nbreak"');
  assert.equal(yamlString('a,b'), 'a,b');
  assert.equal(yamlString('a,b', { flow: true }), `'a,b'`);
});
