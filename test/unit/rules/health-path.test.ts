import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { lines, lint, withCode } from '../checks/lint';

test('health-path: a path without a leading slash, string and map form', () => {
  const string = withCode(lint(lines('services:', '  web:', '    port: 3000', '    health: healthz'), 'v2'), 'health-path');
  assert.equal(string.length, 1);
  assert.equal(string[0].text, 'healthz');
  assert.equal(string[0].severity, DiagnosticSeverity.Warning);
  assert.match(string[0].message, /requires a path that starts with `\/`, so AWS rejects it/);
  assert.deepEqual(string[0].data, { path: '/healthz' });
  const map = withCode(lint(lines('services:', '  web:', '    port: 3000', '    health:', '      path: "status"')), 'health-path');
  assert.equal(map[0].text, '"status"');
});

test('health-path: on v3 the kubelet adds the slash, so it is information only', () => {
  const [found] = withCode(lint(lines('services:', '  web:', '    port: 3000', '    health: up')), 'health-path');
  assert.equal(found.severity, DiagnosticSeverity.Information);
  assert.match(found.message, /Kubernetes probes `\/up` anyway/);
});

test('health-path: absolute, empty and interpolated paths are fine', () => {
  for (const health of ['/health', '""', '${HEALTH_PATH}', '{path: /up}', '{disable: true}']) {
    assert.deepEqual(withCode(lint(lines('services:', '  web:', '    port: 3000', `    health: ${health}`), 'v2'), 'health-path'), [], health);
  }
});
