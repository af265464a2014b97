import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { CORPUS } from '../../helpers/corpus';
import { invalidCorpus, lines, lint, withCode } from './lint';

const v2 = (text: string) => lint(text, 'v2');
const errors = (text: string) => v2(text).filter((f) => f.severity === 1);
const nlbOf = (...items: string[]) => lines('services:', '  api:', '    image: example/api', '    nlb:', ...items.map((l) => `      ${l}`));

test('invalid-nlb: every corpus nlb file gets at least one error on v2', () => {
  const files = readdirSync(path.join(CORPUS, 'convox-invalid')).filter((f) => f.startsWith('convox__rack__pkg__manifest__') && f.includes('nlb'));
  assert.ok(files.length >= 12);
  for (const file of files) assert.ok(errors(invalidCorpus(file)).length > 0, file);
});

test('invalid-nlb: corpus cases reported by this check, at the offending value', () => {
  const cases: [string, string, RegExp][] = [
    ['testdata__invalid-nlb-dup-port', '8443', /^service api: duplicate nlb port 8443\. /],
    ['testdata__invalid-nlb-tls-no-cert', 'tls', /^service api nlb port 443: protocol tls requires a certificate \(provide an ACM ARN; run 'convox certs list' to see available ARNs\)\. /],
    ['testdata__invalid-nlb-agent', 'nlb', /^service api: agent mode is incompatible with nlb ports\. /],
    ['nlb_test.go__TestManifestValidateNLBAllowCIDRNonCanonical', '"10.0.0.1/24"', /allow_cidr entry "10\.0\.0\.1\/24" is not canonical; use "10\.0\.0\.0\/24" instead$/],
    ['nlb_test.go__TestManifestValidateNLBAllowCIDRDuplicate', '"10.0.0.0/24"', /allow_cidr contains duplicate entry: 10\.0\.0\.0\/24\. /],
  ];
  for (const [name, text, message] of cases) {
    const found = withCode(v2(invalidCorpus(`convox__rack__pkg__manifest__${name}.yml`)), 'invalid-nlb');
    assert.equal(found.length, 1, name);
    assert.equal(found[0].text, text, name);
    assert.match(found[0].message, message);
  }
  const duplicate = withCode(v2(invalidCorpus('convox__rack__pkg__manifest__testdata__invalid-nlb-dup-port.yml')), 'invalid-nlb')[0];
  assert.equal(duplicate.line, 5, 'the second listener is the duplicate');
});

test('invalid-nlb: the protocol error wins over the certificate error (validator order)', () => {
  const found = errors(invalidCorpus('convox__rack__pkg__manifest__testdata__invalid-nlb-tls-validator-order.yml'));
  assert.equal(found.length, 1);
  assert.match(found[0].message, /protocol must be tcp or tls, got "udp"/);
});

test('invalid-nlb: certificate without tls, conflicting containerPorts, shared containerPort', () => {
  const cert = withCode(v2(nlbOf('- port: 443', '  certificate: arn:aws:acm:us-east-1:123456789012:certificate/abc')), 'invalid-nlb');
  assert.deepEqual(cert.map((f) => f.text), ['certificate']);
  assert.match(cert[0].message, /^service api nlb port 443: certificate is only valid with protocol: tls\. /);
  const conflict = withCode(v2(nlbOf('- {port: 80, containerPort: 8080}', '- {port: 80, containerPort: 9090}')), 'invalid-nlb');
  assert.match(conflict[0].message, /^service api: nlb port 80 declared with conflicting containerPort values\. /);
  const shared = withCode(v2(nlbOf('- {port: 80, containerPort: 8080}', '- {port: 81, containerPort: 8080}')), 'invalid-nlb');
  assert.equal(shared[0].text, '8080');
  assert.equal(shared[0].line, 5);
  assert.match(shared[0].message, /^service api: nlb containerPort 8080 used by multiple nlb listeners\. /);
});

test('invalid-nlb: a port used by two services', () => {
  const text = lines('services:', '  api:', '    image: a', '    nlb:', '      - port: 8443', '  worker:', '    image: w', '    nlb:', '      - port: 8443');
  const [finding, ...rest] = withCode(v2(text), 'invalid-nlb');
  assert.equal(rest.length, 0);
  assert.equal(finding.line, 8);
  assert.equal(finding.text, '8443');
  assert.match(finding.message, /^nlb port 8443 declared by services api and worker; rack NLB listener is shared, each port must be unique across services\. /);
  assert.deepEqual(finding.related, ['8443']);
});

test('invalid-nlb: valid listeners, and v3 racks (which ignore nlb), are not flagged', () => {
  const text = nlbOf(
    '- port: 443',
    '  protocol: TLS',
    '  containerPort: 8443',
    '  scheme: internal',
    '  certificate: arn:aws:acm:us-east-1:123456789012:certificate/abc-123',
    '  allow_cidr: [10.0.0.0/16, 192.168.1.0/24]',
    '- port: 80',
  );
  assert.deepEqual(withCode(v2(text), 'invalid-nlb'), []);
  assert.deepEqual(withCode(lint(invalidCorpus('convox__rack__pkg__manifest__testdata__invalid-nlb-dup-port.yml')), 'invalid-nlb'), []);
});
