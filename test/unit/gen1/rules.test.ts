import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { lintFile } from '../../../server/src/cli/main';
import { RULES, validateManifest } from '../../../server/src/service/diagnostics/validate';
import { isComposeName, isManifestName, manifestKind } from '../../../server/src/service/files';
import { GEN1_CHECKS } from '../../../server/src/service/gen1';
import { interpolate } from '../../../server/src/service/gen1/interpolate';
import { ramInBytes } from '../../../server/src/service/gen1/memLimit';
import { normalizeSettings } from '../../../server/src/service/settings';
import { manifest, textAt } from '../../helpers/caret';

const URI = 'file:///work/docker-compose.yml';

function check(text: string, settings: object = {}) {
  const document = manifest(text, URI);
  return validateManifest(document, normalizeSettings(settings), { kind: 'gen1' }).map((d) => ({
    code: d.code,
    text: textAt(document, d.range),
    message: d.message,
    severity: d.severity === 1 ? 'error' : d.severity === 2 ? 'warning' : String(d.severity),
  }));
}

/** The single finding of a text (fails when there is not exactly one). */
function only(text: string) {
  const findings = check(text);
  assert.equal(findings.length, 1, JSON.stringify(findings, null, 1));
  return findings[0];
}

function assertFinding(text: string, code: string, underlined: string, message: RegExp, severity = 'error') {
  const finding = only(text);
  assert.equal(finding.code, code, finding.message);
  assert.equal(finding.text, underlined);
  assert.match(finding.message, message);
  assert.equal(finding.severity, severity);
}

describe('files and registry', () => {
  test('compose names are Gen1 manifests; convox.yml names are not', () => {
    for (const name of ['docker-compose.yml', 'docker-compose.yaml', 'docker-compose.prod.yml', 'docker-compose-dev.yml', 'compose.yaml', 'compose.override.yml', 'Docker-Compose.YML']) {
      assert.ok(isComposeName(name), name);
      assert.equal(manifestKind(name), 'gen1', name);
    }
    for (const name of ['convox.yml', 'composer.yml', 'my-docker-compose.yml', 'docker-compose.json']) assert.ok(!isComposeName(name), name);
    assert.equal(manifestKind('convox.yml'), 'convox');
    assert.equal(manifestKind('/app/deploy/docker-compose.yml'), 'gen1');
    assert.equal(manifestKind('C:\\app\\docker-compose.yml'), 'gen1');
    assert.ok(!isManifestName('docker-compose.yml'), 'folder scans keep finding only convox manifests');
  });

  test('RULES knows every Gen1 code, and the Gen1 checks reuse the YAML checks', () => {
    const codes = GEN1_CHECKS.flatMap((check) => check.rules.map((rule) => rule.code));
    for (const code of codes) assert.ok(RULES.has(code), code);
    for (const code of ['yaml-syntax', 'duplicate-key', 'gen1-version', 'gen1-service-name', 'gen1-ports', 'gen1-labels', 'gen1-links', 'gen1-mem-limit', 'gen1-dockerfile', 'gen1-types', 'gen1-ignored-key']) {
      assert.ok(codes.includes(code), code);
    }
    assert.equal(RULES.get('gen1-ignored-key')?.severity, 'warning');
  });

  test('the convox kind stays the default: a compose file validated as convox.yml gets convox findings', () => {
    const document = manifest('web:\n  image: httpd\n', URI);
    assert.ok(validateManifest(document, normalizeSettings({})).every((d) => !d.code.startsWith('gen1-')));
  });

  test('the CLI lints a file named like a compose file as Gen1', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'gen1-'));
    const file = path.join(folder, 'docker-compose.yml');
    writeFileSync(file, 'web_api:\n  image: httpd\n');
    const result = await lintFile(file, normalizeSettings({}));
    assert.deepEqual(
      result.diagnostics.map((d) => d.code),
      ['gen1-service-name'],
    );
  });

  test('rules can be turned off and suppressed like the others', () => {
    assert.deepEqual(check('web_api:\n  image: httpd\n', { rules: { 'gen1-service-name': 'off' } }), []);
    assert.deepEqual(check('# convox-ignore gen1-service-name\nweb_api:\n  image: httpd\n'), []);
    assert.equal(check('web:\n  expose: [80]\n', { rules: { 'gen1-ignored-key': 'error' } })[0].severity, 'error');
  });
});

describe('gen1-version', () => {
  test('format 1 (no version), "2", 2.0, 2.1 (a float) and "2.2" load', () => {
    for (const head of ['', 'version: "2"\nservices:\n', 'version: 2.0\nservices:\n', 'version: 2.1\nservices:\n', "version: '2.2'\nservices:\n"]) {
      const indent = head ? '  ' : '';
      assert.deepEqual(check(`${head}${indent}web:\n${indent}  image: httpd\n`), [], head);
    }
  });
  test('any other version is rejected, underlining the version', () => {
    assertFinding('version: "3.8"\nservices:\n  web:\n    image: httpd\n', 'gen1-version', '"3.8"', /^unknown manifest version: 3\.8\. .*version: "2"/);
    assertFinding('version: 3\nservices:\n  web:\n    image: httpd\n', 'gen1-version', '3', /^unknown manifest version: 3\./);
  });
  test('a version that is not a string, and a file that is not a map', () => {
    assertFinding('version: [2]\nservices: {}\n', 'gen1-version', '[2]', /^could not parse manifest: cannot unmarshal !!seq into string/);
    assertFinding('- web\n', 'gen1-version', '- web', /^could not parse manifest: cannot unmarshal !!seq into struct/);
  });
  test('an interpolated version is not judged', () => {
    assert.deepEqual(check('version: $COMPOSE_VERSION\nservices:\n  web:\n    image: httpd\n'), []);
  });
  test('services: without a version is read as format 1 (a warning on services)', () => {
    assertFinding('services:\n  web:\n    image: httpd\n', 'gen1-version', 'services', /format 1.*Add version: "2"/, 'warning');
  });
  test('an empty file is a manifest without services', () => {
    assert.deepEqual(check(''), []);
  });
});

describe('gen1-service-name', () => {
  test('underscores are rejected in format 1 and format 2', () => {
    assertFinding('web_api:\n  image: httpd\n', 'gen1-service-name', 'web_api', /^service name cannot contain an underscore: web_api\. Rename it \(e\.g\. "web-api"\)/);
    assertFinding('version: "2"\nservices:\n  my_worker:\n    image: httpd\n', 'gen1-service-name', 'my_worker', /underscore: my_worker/);
  });
});

describe('gen1-ports', () => {
  test('valid forms', () => {
    assert.deepEqual(check('web:\n  ports:\n    - 80:5000\n    - "443:5001/tcp"\n    - 5000\n    - 8125/UDP\n'), []);
  });
  test('each invalid entry is underlined', () => {
    const findings = check('web:\n  ports:\n    - "127.0.0.1:80:80"\n    - 3000-3005\n    - 80:80/sctp\n');
    assert.deepEqual(
      findings.map((f) => [f.code, f.text]),
      [
        ['gen1-ports', '"127.0.0.1:80:80"'],
        ['gen1-ports', '3000-3005'],
        ['gen1-ports', '80:80/sctp'],
      ],
    );
    assert.match(findings[0].message, /^invalid portmapping 127\.0\.0\.1:80:80\. Convox Gen1 reads/);
  });
  test('the long syntax and a single string are type errors', () => {
    assertFinding('web:\n  ports:\n    - target: 80\n      published: 8080\n', 'gen1-ports', 'target: 80\n      published: 8080', /cannot unmarshal !!map into string/);
    assertFinding('web:\n  ports: "80:80"\n', 'gen1-ports', '"80:80"', /cannot unmarshal !!str `80:80` into \[\]string/);
  });
  test('interpolation: $VAR is unknown, ${VAR:-default} stays as written', () => {
    assert.deepEqual(check('web:\n  ports:\n    - "$PORT:5000"\n    - ${OTHER}\n'), []);
    assertFinding('web:\n  ports:\n    - "${PORT:-80}:5000"\n', 'gen1-ports', '"${PORT:-80}:5000"', /no defaults such as/);
  });
});

describe('gen1-labels', () => {
  const service = (labels: string, ports = '    - 80:5000\n') => `web:\n  image: httpd\n  ports:\n${ports}  labels:\n${labels}`;

  test('ranges of Manifest.Validate, in list and map form, underlining the value', () => {
    const cases: [string, string, RegExp][] = [
      ['    - convox.health.interval=4\n', '4', /^convox\.health\.interval is invalid for web, must be a number between 5 and 300\./],
      ['    - convox.health.timeout=61\n', '61', /^convox\.health\.timeout is invalid for web, must be a number between 0 and 60\./],
      ['    - convox.health.threshold.healthy=1\n', '1', /^convox\.health\.threshold\.healthy is invalid for web, must be a number between 2 and 10\./],
      ['    - convox.health.threshold.unhealthy=11\n', '11', /^convox\.health\.threshold\.unhealthy is invalid for web, must be a number between 2 and 10\./],
      ['    - convox.draining.timeout=0\n', '0', /^convox\.draining\.timeout for web must be between 1 and 3600\./],
      ['    - convox.draining.timeout=abc\n', 'abc', /^convox\.draining\.timeout for web must be between 1 and 3600\. .*instead of "abc"/],
      ['    convox.health.timeout: 90\n', '90', /^convox\.health\.timeout is invalid for web/],
      ['    convox.health.interval: "2"\n', '"2"', /^convox\.health\.interval is invalid for web/],
    ];
    for (const [labels, underlined, message] of cases) assertFinding(service(labels), 'gen1-labels', underlined, message);
  });
  test('values in range load', () => {
    const labels = ['convox.health.interval=300', 'convox.health.timeout=0', 'convox.health.threshold.healthy=10', 'convox.draining.timeout=3600', 'convox.idle.timeout=1', 'convox.health.port=5000'];
    assert.deepEqual(check(service(labels.map((l) => `    - ${l}\n`).join(''))), []);
  });
  test('convox.health.port must be a declared container port', () => {
    assertFinding(service('    - convox.health.port=80\n'), 'gen1-labels', '80', /^web service has convox\.health\.port set to a port it does not declare\. .*\(5000\)/);
    assertFinding(service('    - convox.health.port=http\n'), 'gen1-labels', 'http', /^strconv\.Atoi: parsing "http": invalid syntax/);
  });
  test('convox.idle.timeout is checked when the service has a balancer', () => {
    assertFinding(service('    - convox.idle.timeout=4000\n'), 'gen1-labels', '4000', /^convox\.idle\.timeout must be between 1 and 3600/);
    assert.deepEqual(check(service('    - convox.idle.timeout=4000\n    - convox.balancer=false\n')), []);
  });
  test('cron labels: format, name, schedule', () => {
    assertFinding(service('    - convox.cron.nightly.job=0 3 * * ? bin/job\n'), 'gen1-labels', 'convox.cron.nightly.job', /^Cron task is not valid \(must be in format convox\.cron\.myjob\)\. .*convox\.cron\.nightly-job/);
    // Like Convox: a dotted name also fails the name check on its first part.
    assert.deepEqual(check(service('    - convox.cron.my.job=0 3 * * ? bin/job\n')).map((f) => f.message.split(' (')[0]), ['Cron task is not valid', 'Cron task my is not valid']);
    assertFinding(service('    - convox.cron.my_job=0 3 * * ? bin/job\n'), 'gen1-labels', 'convox.cron.my_job', /^Cron task my_job is not valid \(cron names can contain only alphanumeric characters, dashes and must be between 4 and 30 characters\)/);
    assertFinding(service('    - convox.cron.abc=0 3 * * ? bin/job\n'), 'gen1-labels', 'convox.cron.abc', /^Cron task abc is not valid/);
    assertFinding(service('    - convox.cron.nightly=0 3 * bin/job\n'), 'gen1-labels', '0 3 * bin/job', /fewer than 5 fields \(this one has 4\)/);
    assertFinding(service('    - convox.cron.nightly=0 3 * * * bin/job\n'), 'gen1-labels', '0 3 * * * bin/job', /^AWS rejects the schedule cron\(0 3 \* \* \* \*\): exactly one of day-of-month/);
    assert.deepEqual(check(service('    - convox.cron.nightly=0 3 ? * MON-FRI bin/job --all\n    - convox.cron.hourly-job=0 * * * ? bin/hourly\n')), []);
  });
  test('a label listed twice is rejected (Convox calls it a duplicate cron label, for any label)', () => {
    assertFinding(service('    - convox.health.path=/a\n    - convox.health.path=/b\n'), 'gen1-labels', 'convox.health.path', /^duplicate cron label convox\.health\.path: .*first on line 6/);
  });
  test('port labels: protocol values and balancer ports (warnings)', () => {
    assertFinding(service('    - convox.port.80.protocol=HTTPS\n'), 'gen1-labels', 'HTTPS', /listens with tcp/, 'warning');
    assertFinding(service('    - convox.port.5000.protocol=https\n'), 'gen1-labels', 'convox.port.5000.protocol', /no load balancer port 5000\. In convox\.port\.<N>\.\*, N is the balancer port/, 'warning');
    assert.deepEqual(check(service('    - convox.port.443.protocol=tls\n    - convox.port.443.proxy=true\n', '    - 443:5000\n')), []);
  });
  test('convox.start.shift must be a number', () => {
    assertFinding(service('    - convox.start.shift=lots\n'), 'gen1-labels', 'lots', /^invalid shift: lots\. convox start fails/);
  });
  test('labels that depend on the environment are not judged', () => {
    assert.deepEqual(check(service('    - convox.health.timeout=$TIMEOUT\n')), []);
  });
});

describe('gen1-links', () => {
  test('a link to a missing service, the alias form, and a service without ports', () => {
    const text = 'web:\n  image: httpd\n  ports: ["80:80"]\n  links:\n    - db\n    - web2:alias\n    - worker\nweb2:\n  image: httpd\n  ports: ["5000"]\nworker:\n  image: httpd\n';
    const findings = check(text);
    assert.deepEqual(
      findings.map((f) => [f.code, f.text]),
      [
        ['gen1-links', 'db'],
        ['gen1-links', 'web2:alias'],
        ['gen1-links', 'worker'],
      ],
    );
    assert.match(findings[0].message, /^web links to service: db which does not exist\./);
    assert.match(findings[1].message, /does not support the "service:alias" form; link to web2/);
    assert.match(findings[2].message, /^web links to service: worker which does not expose any ports\./);
  });
  test('a link to a service with ports loads', () => {
    assert.deepEqual(check('web:\n  image: httpd\n  links: [db]\ndb:\n  image: postgres\n  ports: ["5432"]\n'), []);
  });
});

describe('gen1-mem-limit', () => {
  test("Convox's own message for 2m", () => {
    assertFinding('web:\n  image: httpd\n  mem_limit: 2m\n', 'gen1-mem-limit', '2m', /^web service has invalid mem_limit 2097152 bytes \(2 MB\): should be either 0, or at least 4MB\./);
  });
  test('bytes, units and unreadable values', () => {
    assert.deepEqual(check('web:\n  image: httpd\n  mem_limit: 256MB\nb:\n  image: httpd\n  mem_limit: 0\nc:\n  image: httpd\n  mem_limit: 1g\n'), []);
    assertFinding('web:\n  image: httpd\n  mem_limit: 1000\n', 'gen1-mem-limit', '1000', /invalid mem_limit 1000 bytes \(0 MB\)/);
    assertFinding('web:\n  image: httpd\n  mem_limit: lots\n', 'gen1-mem-limit', 'lots', /^invalid size: 'lots'/);
    assertFinding('web:\n  image: httpd\n  mem_limit: 5x\n', 'gen1-mem-limit', '5x', /^invalid suffix: 'x'/);
    assertFinding('web:\n  image: httpd\n  mem_limit: true\n', 'gen1-mem-limit', 'true', /^could not parse mem_limit: true/);
  });
  test('RAMInBytes as go-units computes it', () => {
    assert.equal(ramInBytes('256MB'), 256 * 1024 * 1024);
    assert.equal(ramInBytes('1.5g'), 1.5 * 1024 ** 3);
    assert.equal(ramInBytes('512 KiB'), 512 * 1024);
    assert.equal(ramInBytes('10b'), 10);
    assert.equal(ramInBytes('10mbx'), "invalid suffix: 'mbx'");
  });
});

describe('gen1-dockerfile', () => {
  test('service-level dockerfile and build.dockerfile together', () => {
    assertFinding('web:\n  build:\n    context: .\n    dockerfile: Dockerfile1\n  dockerfile: Dockerfile2\n', 'gen1-dockerfile', 'dockerfile', /^dockerfile specified twice for web: /);
    assert.deepEqual(check('web:\n  build:\n    context: .\n  dockerfile: Dockerfile2\nother:\n  build: .\n  dockerfile: Dockerfile\n'), []);
  });
});

describe('gen1-types', () => {
  const cases: [string, string, string, RegExp][] = [
    ['command list with a number', 'web:\n  image: a\n  command: ["sleep", 10]\n', '10', /^unknown type in command array: \[sleep 10\]\. .*quote it \(e\.g\. "10"\)/],
    ['command as a map', 'web:\n  image: a\n  command:\n    a: b\n', 'a: b', /^cannot parse command: /],
    ['environment value missing', 'web:\n  image: a\n  environment:\n    FOO:\n', 'FOO', /^unknown type in environment map: FOO \(environment\): it has no value\. .*\(- FOO\)/],
    ['environment boolean', 'web:\n  image: a\n  environment:\n    DEBUG: true\n', 'true', /^unknown type in environment map: DEBUG .*DEBUG: "true"/],
    ['environment decimal', 'web:\n  image: a\n  environment:\n    RATIO: 0.5\n', '0.5', /^unknown type in environment map: RATIO/],
    ['environment list with a number', 'web:\n  image: a\n  environment:\n    - A=1\n    - 5\n', '5', /^unknown type in environment list: \[A=1 5\]/],
    ['environment as a string', 'web:\n  image: a\n  environment: A=1\n', 'A=1', /^cannot parse environment: A=1\./],
    ['build as a number', 'web:\n  build: 1\n', '1', /^Failed to unmarshal Build: 1\./],
    ['build.context empty', 'web:\n  build:\n    context:\n', 'context', /^build\.context must be a string: Convox Gen1 fails on an empty value/],
    ['build.args empty', 'web:\n  build:\n    context: .\n    args:\n', 'args', /^unknown type for args: <nil>/],
    ['build.args boolean', 'web:\n  build:\n    context: .\n    args:\n      CI: true\n', 'true', /^unknown type in environment map: CI \(args\)/],
    ['labels without =', 'web:\n  image: a\n  labels:\n    - convox.agent\n', 'convox.agent', /^cannot parse label: \[convox\.agent\]: "convox\.agent" has no "="/],
    ['labels list with a number', 'web:\n  image: a\n  labels:\n    - 5\n', '5', /^unknown type in command array: \[5\]/],
    ['labels map without a value', 'web:\n  image: a\n  labels:\n    convox.agent:\n', 'convox.agent', /^unknown type in label map: convox\.agent \(it has no value\)/],
    ['labels as a string', 'web:\n  image: a\n  labels: a=b\n', 'a=b', /^cannot parse labels: a=b\./],
    ['entrypoint list', 'web:\n  image: a\n  entrypoint: ["/bin/sh", "-c"]\n', '["/bin/sh", "-c"]', /^error loading manifest: cannot unmarshal !!seq into string\. Convox Gen1 reads entrypoint only as one string/],
    ['image map', 'web:\n  image:\n    name: a\n', 'name: a', /cannot unmarshal !!map into string/],
    ['volumes long syntax', 'web:\n  image: a\n  volumes:\n    - type: bind\n      source: .\n', 'type: bind\n      source: .', /cannot unmarshal !!map into string/],
    ['links as a string', 'web:\n  image: a\n  links: db\n', 'db', /cannot unmarshal !!str `db` into \[\]string/],
    ['privileged quoted', 'web:\n  image: a\n  privileged: "true"\n', '"true"', /cannot unmarshal !!str `true` into bool/],
    ['cpu_shares quoted', 'web:\n  image: a\n  cpu_shares: "512"\n', '"512"', /cannot unmarshal !!str `512` into int64/],
    ['a service that is not a map', 'web: httpd\n', 'httpd', /^error loading manifest: cannot unmarshal !!str `httpd` into manifest1\.Service/],
    ['services as a list', 'version: "2"\nservices:\n  - web\n', '- web', /cannot unmarshal !!seq into map\[string\]manifest1\.Service/],
    ['network driver', 'version: "2"\nservices:\n  web:\n    image: a\nnetworks:\n  front:\n    driver: bridge\n', 'bridge', /cannot unmarshal !!str `bridge` into manifest1\.ExternalNetwork/],
    ['external: true', 'version: "2"\nservices:\n  web:\n    image: a\nnetworks:\n  front:\n    external: true\n', 'true', /cannot unmarshal !!bool `true` into manifest1\.ExternalNetwork/],
  ];
  for (const [name, text, underlined, message] of cases) {
    test(name, () => assertFinding(text, 'gen1-types', underlined, message));
  }
  test('the forms Convox reads load', () => {
    const text = [
      'version: "2"',
      'services:',
      '  web:',
      '    build:',
      '      context: .',
      '      args: [A=1, B]',
      '    command: [bin/web, --port, "5000"]',
      '    entrypoint: /sbin/init',
      '    environment: {A: b, PORT: 5000, 1: x}',
      '    labels: {convox.agent: true, convox.health.timeout: 5, convox.x: y}',
      '    privileged: yes',
      '    cpu_shares: 512',
      '    extra_hosts: ["a:1.2.3.4"]',
      '    volumes: [/data]',
      '  worker:',
      '    build: .',
      '    command: bin/worker',
      '    environment: [A=1, B, C=]',
      'networks:',
      '  foo:',
      '    external:',
      '      name: foo',
      '',
    ].join('\n');
    assert.deepEqual(check(text), []);
  });
});

describe('gen1-ignored-key', () => {
  test('compose keys Convox Gen1 ignores are warnings on the key, with hints', () => {
    const text = 'version: "2"\nx-base: &base\n  image: a\nservices:\n  web:\n    <<: *base\n    depends_on: [db]\n    enviroment: [A=1]\n    build:\n      context: .\n      target: prod\n  db:\n    image: postgres\n    ports: ["5432"]\nvolumes:\n  data: {}\n';
    const findings = check(text);
    assert.deepEqual(
      findings.map((f) => [f.code, f.text, f.severity]),
      [
        ['gen1-ignored-key', 'depends_on', 'warning'],
        ['gen1-ignored-key', 'enviroment', 'warning'],
        ['gen1-ignored-key', 'target', 'warning'],
        ['gen1-ignored-key', 'volumes', 'warning'],
      ],
    );
    assert.match(findings[0].message, /^Convox Gen1 ignores depends_on\. Start order and service URLs come from links\./);
    assert.match(findings[1].message, /Did you mean "environment"\?/);
    assert.match(findings[2].message, /^Convox Gen1 ignores build\.target\./);
  });
  test('keys merged from an anchor are reported where the anchor is used', () => {
    const findings = check('version: "2"\nx-base: &base\n  restart: always\nservices:\n  web:\n    <<: *base\n    image: a\n');
    assert.deepEqual(
      findings.map((f) => [f.code, f.text]),
      [['gen1-ignored-key', '*base']],
    );
  });
});

describe('YAML checks shared with convox.yml', () => {
  test('syntax errors; the Gen1 checks wait for valid YAML', () => {
    const findings = check('web_api:\n  image: [a\n');
    assert.ok(findings.length > 0 && findings.every((f) => f.code === 'yaml-syntax'), JSON.stringify(findings));
  });
  test('duplicate services: Gen1 keeps the last one', () => {
    const finding = only('version: "2"\nservices:\n  web:\n    image: a\n  web:\n    image: b\n');
    assert.equal(finding.code, 'duplicate-key');
    assert.equal(finding.text, 'web');
    assert.match(finding.message, /^service "web" is defined twice \(first on line 3\): Convox Gen1 silently uses the last one\./);
    assert.match(only('web:\n  image: a\n  image: b\n').message, /^Duplicate key "image"/);
  });
  test('unknown aliases', () => {
    assert.equal(only('web:\n  image: *nothing\n').code, 'invalid-alias');
  });
});

describe('interpolation', () => {
  test('as parseLine does it', () => {
    assert.deepEqual(interpolate('a $B c'), { text: 'a  c', dynamic: true });
    assert.deepEqual(interpolate('${B}x'), { text: 'x', dynamic: true });
    assert.deepEqual(interpolate('$$HOME'), { text: '$HOME', dynamic: false });
    assert.deepEqual(interpolate('${A:-1}'), { text: '${A:-1}', dynamic: false });
    assert.deepEqual(interpolate('cost $5'), { text: 'cost ', dynamic: true });
    assert.deepEqual(interpolate('a$'), { text: 'a$', dynamic: false });
  });
});
