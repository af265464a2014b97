import assert from 'node:assert/strict';
import { test } from 'node:test';
import { corpus, lines, lint, withCode } from '../checks/lint';

test('missing-health: a service with a port and no health is reported on its name', () => {
  const found = withCode(lint(lines('services:', '  web:', '    build: .', '    port: 3000', '  worker:', '    build: .')), 'missing-health');
  assert.equal(found.length, 1);
  assert.equal(found[0].text, 'web');
  assert.match(found[0].message, /probes `\/` every 5 s and only a 200-399 answer counts/);
  assert.match(found[0].message, /deploy hangs until the promote times out/);
  assert.match(found[0].message, /Add `health: \/health`/);
});

test('missing-health: every port form counts, also a merged one; v2 explains the load balancer', () => {
  for (const port of ['3000', '"3000"', 'https:3000', '{port: 3000, scheme: https}']) {
    assert.equal(withCode(lint(lines('services:', '  web:', '    image: x', `    port: ${port}`)), 'missing-health').length, 1, port);
  }
  const merged = withCode(lint(lines('x-base: &base', '  port: 3000', 'services:', '  web:', '    <<: *base', '    image: x')), 'missing-health');
  assert.deepEqual(merged.map((f) => f.text), ['web']);
  const v2 = withCode(lint(lines('services:', '  web:', '    build: .', '    port: 3000'), 'v2'), 'missing-health');
  assert.match(v2[0].message, /200-399 or 401 counts/);
  assert.doesNotMatch(v2[0].message, /disable/); // v2 has no health.disable
});

test('missing-health: no finding with any health key, without a port, or on a gRPC port', () => {
  assert.deepEqual(withCode(lint(lines('services:', '  web:', '    port: 3000', '    health: /up')), 'missing-health'), []);
  assert.deepEqual(withCode(lint(lines('services:', '  web:', '    port: 3000', '    health:', '      disable: true')), 'missing-health'), []);
  assert.deepEqual(withCode(lint(lines('services:', '  worker:', '    command: bin/worker')), 'missing-health'), []);
  assert.deepEqual(withCode(lint(lines('services:', '  worker:', '    port:')), 'missing-health'), []);
  // spec 12.1.5: a grpc port gets no httpGet probe (corpus: convox-examples grpc)
  assert.deepEqual(withCode(lint(corpus('convox/convox-examples__grpc__convox.yml')), 'missing-health'), []);
});

test('missing-health: corpus manifests with a port and no health are reported (chids/cloud-starter has health: none)', () => {
  assert.deepEqual(withCode(lint(corpus('convox/chids__cloud-starter__convox.yml'), 'v2'), 'missing-health'), []);
  const httpd = withCode(lint(corpus('convox/convox__convox__examples__httpd__convox-dockerfile.yml')), 'missing-health');
  assert.equal(httpd.length, 1);
});

test('missing-health: a compose healthcheck is left to the compose-key rule, which converts it', () => {
  const findings = lint(lines('services:', '  web:', '    port: 3000', '    healthcheck:', '      test: ["CMD", "curl", "-f", "http://localhost:3000/up"]'));
  assert.deepEqual(withCode(findings, 'missing-health'), []);
  assert.deepEqual(withCode(findings, 'compose-key').map((f) => f.text), ['healthcheck']);
});
