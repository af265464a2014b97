import assert from 'node:assert/strict';
import { test } from 'node:test';
import { at, invalidCorpus, lines, lint, withCode } from './lint';

const balancer = (...body: string[]) => lines('services:', '  web:', '    build: .', '    ports: [3001, 5000/udp]', 'balancers:', '  lb:', '    service: web', ...body.map((l) => `    ${l}`));

test('invalid-balancer: whitelist 1.1.1.1 without a prefix (Convox validate.yml) is reported once', () => {
  const found = at(lint(invalidCorpus('convox__convox__pkg__manifest__testdata__validate.yml')), '1.1.1.1');
  assert.equal(found.length, 1);
  assert.match(found[0].message, /^balancer alpha whitelist 1\.1\.1\.1 is not a valid cidr range\./);
});

test('invalid-balancer: IPv6 entries net.ParseCIDR rejects', () => {
  const found = withCode(lint(balancer('ports: {3000: 3001}', 'whitelist:', '  - 2001:db8::/32', '  - 1:2:3:4:5:6:7:8:9/64', '  - 2001:db8:::1/64')), 'invalid-balancer');
  assert.deepEqual(found.map((f) => f.text), ['1:2:3:4:5:6:7:8:9/64', '2001:db8:::1/64']);
  assert.match(found[0].message, /^balancer lb whitelist 1:2:3:4:5:6:7:8:9\/64 is not a valid cidr range\./);
});

test('invalid-balancer: a string target port gets one warning', () => {
  const found = at(lint(balancer('ports:', '  3000: "3001"')), '"3001"');
  assert.equal(found.length, 1);
  assert.equal(found[0].severity, 2);
});

test('invalid-balancer: TCP and UDP mixed on one balancer is a warning on the odd one', () => {
  const [finding] = withCode(lint(balancer('ports:', '  3000: 3001', '  5000:', '    port: 5000', '    protocol: UDP')), 'invalid-balancer');
  assert.equal(finding.text, 'UDP');
  assert.equal(finding.severity, 2);
  assert.match(finding.message, /^balancer lb mixes TCP and UDP ports; /);
});

test('invalid-balancer: valid whitelists and single-protocol ports are fine', () => {
  const text = balancer('ports:', '  3000: 3001', '  3001: {port: 3001, protocol: TCP}', 'whitelist: [10.0.0.0/8, 10.1.2.3/16, "2001:db8::/32", "::ffff:1.2.3.4/128"]');
  assert.deepEqual(withCode(lint(text), 'invalid-balancer'), []);
  assert.deepEqual(withCode(lint(balancer('whitelist: 10.0.0.0/8'), 'v2'), 'invalid-balancer'), []);
});
