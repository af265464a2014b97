import assert from 'node:assert/strict';
import { test } from 'node:test';
import { at, lines, lint, withCode } from './lint';

const sc = (...body: string[]) => lines('services:', '  web:', '    build: .', '    securityContext:', ...body.map((l) => `      ${l}`));

test('invalid-security-context: runAsNonRoot with runAsUser 0', () => {
  const [finding, ...rest] = withCode(lint(sc('runAsNonRoot: true', 'runAsUser: 0')), 'invalid-security-context');
  assert.equal(rest.length, 0);
  assert.equal(finding.text, '0');
  assert.match(finding.message, /^service web: securityContext: runAsNonRoot=true is incompatible with runAsUser=0\. /);
  assert.deepEqual(finding.related, ['true']);
});

test('invalid-security-context: Localhost seccomp and CAP_ names get exactly one diagnostic each', () => {
  const found = lint(sc('seccompProfile: Localhost', 'capabilities:', '  add: [CAP_NET_ADMIN, net_raw]', '  drop: [ALL]'));
  for (const text of ['Localhost', 'CAP_NET_ADMIN', 'net_raw']) {
    const here = at(found, text);
    assert.equal(here.length, 1, text);
    assert.ok(['invalid-value', 'invalid-security-context'].includes(here[0].code));
  }
  assert.match(at(found, 'Localhost')[0].message, /seccompProfile: (Localhost is not supported|"Localhost" is not a supported value)/);
});

test('invalid-security-context: a consistent context and v2 racks are fine', () => {
  const text = sc('runAsNonRoot: true', 'runAsUser: 1000', 'runAsGroup: 0', 'seccompProfile: RuntimeDefault', 'capabilities:', '  add: [NET_BIND_SERVICE]', '  drop: [ALL]');
  assert.deepEqual(lint(text), []);
  assert.deepEqual(withCode(lint(sc('runAsNonRoot: true', 'runAsUser: 0'), 'v2'), 'invalid-security-context'), []);
});
