import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { corpus, lines, lint, withCode } from '../checks/lint';

const health = (...entries: string[]) => lines('services:', '  web:', '    port: 3000', '    health:', ...entries.map((e) => `      ${e}`));

test('health-timing: timeout not below the interval (explicit or default 5)', () => {
  const [v3] = withCode(lint(health('interval: 10', 'timeout: 10')), 'health-timing');
  assert.equal(v3.text, '10');
  assert.equal(v3.line, 5);
  assert.equal(v3.severity, DiagnosticSeverity.Warning);
  assert.match(v3.message, /health\.timeout \(10\) of service "web" is not below health\.interval \(10\)/);
  assert.deepEqual(v3.data, { timeout: 9 });
  const [byDefault] = withCode(lint(health('timeout: 6')), 'health-timing');
  assert.match(byDefault.message, /health\.interval \(5, the default\)/);
  const [v2] = withCode(lint(health('interval: 10', 'timeout: 12'), 'v2'), 'health-timing');
  assert.equal(v2.severity, DiagnosticSeverity.Error);
  assert.match(v2.message, /AWS requires the load balancer health check timeout to be smaller than its interval/);
});

test('health-timing: v2 grace shorter than the interval; v3 does not care', () => {
  const [v2] = withCode(lint(health('interval: 10', 'grace: 3'), 'v2'), 'health-timing');
  assert.equal(v2.text, '3');
  assert.match(v2.message, /ECS ignores failed load balancer checks only for the first 3 s/);
  assert.deepEqual(v2.data, { grace: 10 });
  assert.deepEqual(withCode(lint(health('interval: 10', 'grace: 3')), 'health-timing'), []);
});

test('health-timing: defaults, zeros (= default), strings (ignored by Convox) and sane values are fine', () => {
  for (const entries of [['path: /up'], ['interval: 10', 'timeout: 9', 'grace: 30'], ['timeout: 0'], ['timeout: "10"'], ['interval: 2']]) {
    assert.deepEqual(withCode(lint(health(...entries), 'v2'), 'health-timing'), [], entries.join(', '));
  }
  assert.deepEqual(withCode(lint(lines('services:', '  web:', '    port: 3000', '    health: /up'), 'v2'), 'health-timing'), []);
});

test('health-timing: corpus llm-gpu-api has timeout 60 with interval 30; Convox\'s v2 full.yml a grace of 2', () => {
  const gpu = withCode(lint(corpus('convox/convox-examples__llm-gpu-api__convox.yml')), 'health-timing');
  assert.deepEqual(gpu.map((f) => f.text), ['60']);
  const full = withCode(lint(corpus('convox/convox__rack__pkg__manifest__testdata__full.yml'), 'v2'), 'health-timing');
  assert.deepEqual(full.map((f) => f.text), ['2']);
});
