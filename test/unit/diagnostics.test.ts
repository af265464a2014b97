import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateManifest } from '../../server/src/service/diagnostics/validate';
import { normalizeSettings } from '../../server/src/service/settings';
import { manifest, textAt } from '../helpers/caret';

function check(text: string, settings: object = {}) {
  const document = manifest(text);
  const diagnostics = validateManifest(document, normalizeSettings(settings));
  return diagnostics.map((d) => ({ code: d.code, text: textAt(document, d.range), message: d.message, severity: d.severity, line: d.range.start.line, character: d.range.start.character }));
}

test('a clean manifest has no findings', () => {
  assert.deepEqual(check('services:\n  web:\n    build: .\n    port: 3000\n    health: /health\n'), []);
});

test('unknown keys are warnings with a suggestion, underlining the key', () => {
  const [finding] = check('services:\n  web:\n    enviroment:\n      - A=1\n');
  assert.equal(finding.code, 'unknown-key');
  assert.equal(finding.text, 'enviroment');
  assert.equal(finding.severity, 2);
  assert.match(finding.message, /Did you mean "environment"\?/);
  const [top] = check('servicess:\n  web: {}\n');
  assert.equal(top.text, 'servicess');
  assert.match(top.message, /Did you mean "services"\?/);
});

test('keys named like Object.prototype members are keys like any other: __proto__, constructor, also merged in', () => {
  const own = check('services:\n  web:\n    build: .\n    __proto__: 1\n    constructor: 2\n').filter((f) => f.code === 'unknown-key');
  assert.deepEqual(own.map((f) => f.text), ['__proto__', 'constructor']);
  const merged = check('x-base: &base\n  toString: 1\n  __proto__: 2\nservices:\n  web:\n    <<: *base\n    build: .\n').filter((f) => f.code === 'unknown-key');
  // Both reported where they are used: at the alias.
  assert.deepEqual(merged.map((f) => `${f.text} ${f.message.match(/"([^"]+)"/)?.[1]}`).sort(), ['*base __proto__', '*base toString']);
});

test('top-level x- keys that hold anchors are not unknown keys', () => {
  assert.deepEqual(check('x-base: &base\n  port: 3000\nservices:\n  web:\n    <<: *base\n    build: .\n    health: /h\n'), []);
});

test('a wrong type underlines the value and uses Convox wording', () => {
  const [finding] = check('services:\n  web:\n    health:\n      - /health\n');
  assert.equal(finding.code, 'invalid-type');
  assert.equal(finding.text, '- /health\n');
  assert.match(finding.message, /unknown type for service health: list/);
});

test('quoted scalars: the underline covers the quotes and nothing else', () => {
  const [finding] = check('services:\n  web:\n    port: "https:abc"\n');
  assert.equal(finding.code, 'invalid-value');
  assert.equal(finding.text, '"https:abc"');
});

test('CRLF line endings keep ranges on the right line and column', () => {
  const [finding] = check('services:\r\n  web:\r\n    scale: 1-2-3\r\n');
  assert.equal(finding.code, 'invalid-value');
  assert.equal(finding.text, '1-2-3');
  assert.equal(finding.line, 2);
});

test('multi-byte characters before the value do not shift the range', () => {
  const [finding] = check('# café ☕ 🚀\nservices:\n  wéb-ünïcode: {}\n  api:\n    scale: "1-2-3" # 🚀\n');
  const invalid = check('# café ☕ 🚀\nservices:\n  api:\n    scale: "1-2-3" # 🚀\n');
  assert.equal(finding.code, 'invalid-name');
  assert.equal(finding.text, 'wéb-ünïcode');
  assert.equal(invalid[0].text, '"1-2-3"');
});

test('tabs in indentation are a YAML error inside the document, never past its end', () => {
  const text = 'services:\n\tweb:\n\t\tport: 3000\n';
  const document = manifest(text);
  const diagnostics = validateManifest(document, normalizeSettings({}));
  assert.ok(diagnostics.some((d) => d.code === 'yaml-syntax'));
  for (const d of diagnostics) assert.ok(document.lines.offsetAt(d.range.end) <= text.length);
});

test('a value that arrives through an alias is reported at the alias', () => {
  const text = 'x-bad: &bad [1, 2]\nservices:\n  web:\n    health: *bad\n';
  const [finding] = check(text);
  assert.equal(finding.code, 'invalid-type');
  assert.equal(finding.text, '*bad');
});

test('a key merged in with <<: is reported at the merge alias', () => {
  const findings = check('x-base: &base\n  enviroment: [A]\nservices:\n  web:\n    <<: *base\n    build: .\n');
  const unknown = findings.find((f) => f.code === 'unknown-key');
  assert.equal(unknown?.text, '*base');
  assert.match(unknown!.message, /enviroment/);
});

test('the quoted "<<" merge key Convox accepts is resolved too', () => {
  const findings = check('services:\n  proxy: &proxy\n    image: nginx\n    port: 80\n    health: /auth\n  inherit:\n    "<<": *proxy\n    command: inherit\n');
  assert.deepEqual(findings, []);
});

test('duplicate services are errors pointing at the second key', () => {
  const [finding] = check('services:\n  web:\n    image: a\n  web:\n    image: b\n');
  assert.equal(finding.code, 'duplicate-key');
  assert.equal(finding.line, 3);
  assert.match(finding.message, /service "web" is defined twice \(first on line 2\)/);
});

test('duplicate plain keys say the last value wins', () => {
  const [finding] = check('services:\n  web:\n    image: a\n    image: b\n');
  assert.equal(finding.code, 'duplicate-key');
  assert.match(finding.message, /last value/);
});

test('missing required keys underline the parent key', () => {
  const [finding] = check('services:\n  web:\n    image: a\ntimers:\n  nightly:\n    command: x\n    schedule: "0 3 * * ?"\n');
  assert.equal(finding.code, 'missing-key');
  assert.equal(finding.text, 'nightly');
});

test('name rules: services, resources and timers', () => {
  const findings = check('services:\n  Web_App:\n    image: a\nresources:\n  1db:\n    type: postgres\ntimers:\n  timer_1:\n    service: Web_App\n    schedule: "0 3 * * ?"\n');
  assert.deepEqual(
    findings.filter((f) => f.code === 'invalid-name').map((f) => f.text),
    ['Web_App', '1db', 'timer_1'],
  );
  assert.match(findings[0].message, /service name Web_App invalid, must contain only lowercase alphanumeric and dashes/);
});

test('rds resource names are limited to 20 characters', () => {
  const [finding] = check('resources:\n  a-very-long-database-name:\n    type: rds-postgres\n');
  assert.equal(finding.code, 'name-too-long');
  assert.equal(finding.text, 'a-very-long-database-name');
});

test('references to undefined resources, services and configs', () => {
  const findings = check(
    [
      'resources:',
      '  database:',
      '    type: postgres',
      'services:',
      '  web:',
      '    image: a',
      '    resources:',
      '      - "databse:DATABASE_URL"',
      '    configMounts:',
      '      - id: nginx',
      '        dir: /etc/nginx',
      '        filename: nginx.conf',
      'timers:',
      '  t:',
      '    service: wbe',
      '    schedule: "0 3 * * ?"',
      '',
    ].join('\n'),
  ).filter((f) => f.code.startsWith('undefined-'));
  assert.deepEqual(
    findings.filter((f) => f.code.startsWith('undefined-')).map((f) => [f.code, f.text]),
    [
      ['undefined-resource', 'databse'],
      ['undefined-config', 'nginx'],
      ['undefined-service', 'wbe'],
    ],
  );
  assert.match(findings.find((f) => f.code === 'undefined-resource')!.message, /Did you mean "database"\?/);
  assert.match(findings.find((f) => f.code === 'undefined-service')!.message, /Did you mean "web"\?/);
});

test('${VAR} values are not type-checked: Convox substitutes them before parsing', () => {
  const findings = check('resources:\n  db:\n    type: postgres\n    options:\n      storage: ${DB_STORAGE}\nservices:\n  web:\n    image: a\n    port: ${PORT}\n    scale:\n      count: ${COUNT}\n');
  assert.deepEqual(findings.filter((f) => ['invalid-type', 'invalid-value', 'ignored-value'].includes(f.code)), []);
});

test('v2-only keys on a v3 target, and the reverse', () => {
  const [v3] = check('services:\n  web:\n    image: a\n    policies: [arn:aws:iam::aws:policy/ReadOnlyAccess]\n');
  assert.equal(v3.code, 'unsupported-on-target');
  assert.equal(v3.text, 'policies');
  const [v2] = check('services:\n  web:\n    image: a\n    whitelist: 10.0.0.0/8\n', { target: 'v2' });
  assert.equal(v2.code, 'unsupported-on-target');
  assert.match(v2.message, /only read by v3 racks/);
});

test('a document that is not a map', () => {
  const [finding] = check('foo\n');
  assert.equal(finding.code, 'invalid-type');
});

test('several YAML documents: Convox reads the first', () => {
  const findings = check('services:\n  web:\n    image: a\n---\nservices: {}\n');
  assert.deepEqual(findings.map((f) => f.code), ['multiple-documents']);
});

test('anchor and alias names yaml.v2 cannot read are syntax errors at each &name and *name', () => {
  const findings = check('x-base: &base.env\n  - A=1\nx-port: &port_1 3000\nservices:\n  web:\n    build: .\n    environment: *base.env\n    port: *port_1\n    health: /\n');
  assert.deepEqual(findings.map((f) => [f.code, f.text, f.line]), [['yaml-syntax', '&base.env', 0], ['yaml-syntax', '*base.env', 6]]);
  assert.match(findings[0].message, /^"base\.env" is not a name yaml\.v2 reads: .*only letters, digits, "-" and "_" .*Rename the anchor and its aliases, for example to "base-env"\.$/);
  // Letters, digits, - and _ are fine, and so are "&&" and "*" inside values, which are not anchors.
  assert.deepEqual(check('x-a: &A-b_9 1\nservices:\n  web:\n    build: .\n    command: make && echo *.txt\n    port: *A-b_9\n    health: /\n'), []);
});

test('%YAML directives yaml.v2 refuses are errors at the directive; the ones it accepts pass', () => {
  const body = '---\nservices:\n  web:\n    image: a\n';
  const found = (directives: string) => check(directives + body).map((f) => [f.code, f.text, f.line]);
  assert.deepEqual(found('%YAML 1.2\n'), [['yaml-directive', '%YAML 1.2', 0]]);
  assert.match(check('%YAML 1.2\n' + body)[0].message, /accepts only "%YAML 1\.1" and cannot load a file declaring YAML 1\.2 \("found incompatible YAML document"\)\. Remove the line/);
  // Only the directive is underlined, not a comment after it; comments and blank lines may come before it.
  assert.deepEqual(found('# made by a formatter\n\n%YAML 2.0   # v2\n'), [['yaml-directive', '%YAML 2.0', 2]]);
  assert.deepEqual(found('\uFEFF%YAML 1.3\r\n'), [['yaml-directive', '%YAML 1.3', 0]]);
  assert.deepEqual(found('%YAML 1.1\n%YAML 1.1\n'), [['yaml-directive', '%YAML 1.1', 1]]);
  assert.deepEqual(found('%FOO bar\n'), [['yaml-directive', '%FOO bar', 0]]);
  assert.deepEqual(found('%YAML 1\n'), [['yaml-directive', '%YAML 1', 0]]);
  assert.match(check('%YAML\n' + body)[0].message, /^"%YAML" gives no version yaml\.v2 can read/);
  assert.deepEqual(found('%YAML1.1\n'), [['yaml-directive', '%YAML1.1', 0]]);
  // yaml.v2 compares numbers (1.01 is 1.1) and knows %TAG; directives of a later document are never read.
  for (const directives of ['%YAML 1.1\n', '%YAML 1.01\n', '%TAG !e! tag:example.com,2000:\n', '']) assert.deepEqual(found(directives), [], directives);
  assert.deepEqual(check('services: {}\n...\n%YAML 1.2\n---\nx: 1\n').map((f) => f.code), ['multiple-documents']);
});

test('control characters are errors wherever they are, a run at a time; tab, CR, LF and NEL are not among them', () => {
  const findings = check('services:\n  web:\n    build: .\n    command: "echo \x1b[1m\x7f" # \x00\x01\x01\r\n    labels: {a: "\t\u0085"}\n    domain: x\uffff\n');
  const controls = findings.filter((f) => f.code === 'control-character');
  assert.deepEqual(controls.map((f) => [f.text, f.line, f.character, f.severity]), [['\x1b', 3, 19, 1], ['\x7f', 3, 23, 1], ['\x00\x01\x01', 3, 28, 1], ['\uffff', 5, 13, 1]]);
  assert.match(controls[0].message, /^A control character \(U\+001B, escape\) here: Convox reads manifests with yaml\.v2, which refuses control characters .*\("control characters are not allowed"\)\. Remove it;/);
  assert.match(controls[2].message, /^3 control characters \(U\+0000, null, U\+0001\) here: .*Remove them;/);
  assert.match(controls[3].message, /^A character \(U\+FFFE|^A character \(U\+FFFF, noncharacter\)/);
});

test('a file that is not text gets the first 100 runs of control characters, the last saying how many more there are', () => {
  const binary = Array.from({ length: 250 }, (_, i) => `ab${String.fromCharCode(1 + (i % 8))}`).join('');
  const controls = check(binary).filter((f) => f.code === 'control-character');
  assert.equal(controls.length, 100);
  assert.match(controls[99].message, /\(150 more runs of them after this one are not reported\.\)$/);
  assert.doesNotMatch(controls[98].message, /more runs/);
});

test('U+0085, U+2028 and U+2029 are reported where they are: yaml.v2 ends lines there', () => {
  const findings = check('# note\u2029services:\n  web:\n    image: a\r\n    command: echo a\u2028b\u0085\n');
  assert.deepEqual(
    findings.filter((f) => f.code === 'unusual-line-break').map((f) => [f.text, f.line, f.character, f.severity]),
    [['\u2029', 0, 6, 1], ['\u2028', 3, 19, 1], ['\u0085', 3, 21, 1]],
  );
  assert.match(findings[0].message, /^An invisible U\+2029 \(paragraph separator\) here: Convox reads manifests with yaml\.v2, which ends a line at it.*Replace it with a line break, or remove it\.$/);
});

test('broken YAML gets a syntax error, and the rest is still checked', () => {
  const findings = check('services:\n  web:\n    port: [3000\n    enviroment: []\n');
  assert.ok(findings.some((f) => f.code === 'yaml-syntax'));
});

test("a key whose \":\" is on a later line is a syntax error (yaml.v2 rejects it; the yaml library accepts some)", () => {
  const nested = check('services:\n  web:\n    build: .\n    scale:\n      min: 1\n      max\n\n          : 8\n');
  const [finding] = nested.filter((f) => f.code === 'yaml-syntax');
  assert.deepEqual({ text: finding.text, line: finding.line }, { text: 'max', line: 5 });
  assert.match(finding.message, /^The ":" of this key is 2 lines below it: .*Put the ":" right after the key\.$/);
  const top = check('services: {}\nenvironment\n  : [A=1]\n').filter((f) => f.code === 'yaml-syntax');
  assert.deepEqual(top.map((f) => [f.text, f.line]), [['environment', 1]]);
  assert.match(top[0].message, /is 1 line below it/);
  // The same ":" where YAML allows it: after an explicit key, in a block scalar, in a quoted scalar, an empty key.
  for (const text of ['? services\n: {}\n', 'services:\n  web:\n    command: |\n      echo\n      : not a key\n', 'services:\n  web:\n    command: "echo\n      : not a key"\n', 'x-empty:\n  : x\nservices: {}\n', 'services:\n  web:\n    build: .\n    # then an empty key\n    : x\n']) {
    assert.deepEqual(check(text).filter((f) => f.code === 'yaml-syntax'), [], text);
  }
});

test('a ":" with no key before it away from where the keys beside it start is a syntax error (yaml.v2 rejects it; the yaml library adds an empty key)', () => {
  const cases: [string, number, number][] = [
    ['services:\n  web:\n    build: .\n      : x\n', 3, 6], // deeper than the keys: yaml.v2 "did not find expected key"
    ['services:\n  web:\n    command: [a, b]: c\n', 2, 19], // after a flow collection: yaml.v2 makes [a, b] a key
    ['services:\n  web:\n    scale: {count: 1} :\n', 2, 22],
    ['services:\r\n  web:\r\n    build: .\r\n      : x\r\n', 3, 6],
  ];
  for (const [text, line, character] of cases) {
    const findings = check(text).filter((f) => f.code === 'yaml-syntax');
    assert.deepEqual(findings.map((f) => [f.text, f.line, f.character]), [[':', line, character]], text);
    assert.match(findings[0].message, /^This ":" has no key before it: .*Write the key before the ":", or remove it\.$/);
  }
  // Where yaml.v2 takes an empty key: at the keys' indentation (after an anchor on the first key, or a byte order
  // mark; below a deeper mapping), alone in its mapping; and a ":" after brackets inside a quoted value or a flow collection used as a key.
  for (const text of ['services: {}\n: x\n', '&top services: {}\n: x\n', '\uFEFFservices: {}\n: x\n', 'services:\n  web:\n    build: .\n    : x\n', 'services:\n  web:\n    build: .\n  : x\n  api:\n    build: .\n', 'x-empty:\n  : x\nservices: {}\n', 'services:\n  web:\n    command: "echo [x]: y"\n', 'x-keys:\n  [a, b]: c\nservices: {}\n']) {
    assert.deepEqual(check(text).filter((f) => f.code === 'yaml-syntax'), [], JSON.stringify(text));
  }
});

test('an entry with an empty key is underlined at its ":" (yaml puts the empty key where the text before it ends), and says it has no key', () => {
  const cases: [string, string, number, number][] = [
    ['services:\n  web:\n    build: .\n    : x\n', 'unknown-key', 3, 4],
    ['services:\n  web:\n    build: .\n    # a comment first\n\n    : x\n', 'unknown-key', 5, 4],
    ['services:\r\n  web:\r\n    build: .\r\n    : x\r\n', 'unknown-key', 3, 4],
    ['services:\n  web:\n    build: .\n  : {}\n', 'invalid-name', 3, 2],
  ];
  for (const [text, code, line, character] of cases) {
    const [finding] = check(text).filter((f) => f.code === code);
    assert.deepEqual([finding.text, finding.line, finding.character], [':', line, character], JSON.stringify(text));
    assert.match(finding.message, /no (key|name) before its ":".*Write the (key|name) before the ":", or remove the entry\.$/);
  }
});

test("YAML problems are kept as yaml finds them: no line context added to each, no stack traces (thousands in a garbled line)", () => {
  const text = `  web:\nservices:\n    command: ${'['.repeat(2000)}x${']'.repeat(2000)}\n`;
  const limit = Error.stackTraceLimit;
  const document = manifest(text);
  assert.equal(Error.stackTraceLimit, limit, 'the stack trace limit is put back');
  const errors = document.yaml.errors;
  assert.ok(errors.length > 1000, `${errors.length} problems`);
  // yaml's prettyErrors would add " at line L, column C" and the source line to every message, scanning that
  // 4,000-character line each time; with a stack trace each, such a file took seconds to parse.
  for (const error of errors) {
    assert.equal(error.linePos, undefined);
    assert.doesNotMatch(error.message, /\n| at line \d+/);
    assert.equal(error.stack, `${error.name}: ${error.message}`);
  }
  const syntax = check(text).filter((f) => f.code === 'yaml-syntax');
  assert.ok(syntax.length > 0 && syntax.every((f) => f.message.endsWith('. Convox cannot load a manifest that is not valid YAML.')));
});

test('an empty file and a comment-only file are fine', () => {
  assert.deepEqual(check(''), []);
  assert.deepEqual(check('# nothing yet\n'), []);
});

test('alias cycles and expansion bombs are bounded and reported', () => {
  const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 9; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
  const findings = check(bomb.join('\n') + '\n');
  assert.ok(findings.some((f) => f.code === 'invalid-alias' && /expand/.test(f.message)));
});

test('severity overrides and off', () => {
  const text = 'services:\n  web:\n    image: a\n    enviroment: []\n';
  assert.equal(check(text, { rules: { 'unknown-key': 'error' } })[0].severity, 1);
  assert.deepEqual(check(text, { rules: { 'unknown-key': 'off' } }), []);
  assert.deepEqual(check(text, { validate: { enable: false } }), []);
});

test('# convox-ignore on the line above silences one finding', () => {
  assert.deepEqual(check('services:\n  web:\n    image: a\n    # convox-ignore unknown-key\n    enviroment: []\n'), []);
  assert.equal(check('services:\n  web:\n    image: a\n    # convox-ignore duplicate-key\n    enviroment: []\n').length, 1);
});

test('every diagnostic has a code, a source and a docs link', () => {
  const document = manifest('services:\n  Web:\n    port: abc\n    enviroment: []\n');
  for (const d of validateManifest(document, normalizeSettings({}))) {
    assert.equal(d.source, 'convox');
    assert.match(d.codeDescription!.href, /docs\/rules\/[a-z-]+\.md$/);
  }
});
