import assert from 'node:assert/strict';
import { test } from 'node:test';
import { corpus, lines, lint, withCode } from '../checks/lint';
import { ManifestDocument } from '../../../server/src/service/document';
import { validateManifest } from '../../../server/src/service/diagnostics/validate';
import { normalizeSettings } from '../../../server/src/service/settings';
import { DiagnosticTag } from 'vscode-languageserver-types';

test('health-without-port: health, liveness and startupProbe on a service without port', () => {
  const text = lines('services:', '  worker:', '    command: bin/worker', '    health: /health', '    liveness:', '      path: /live', '    startupProbe:', '      path: /start');
  const found = withCode(lint(text), 'health-without-port');
  assert.deepEqual(found.map((f) => f.text), ['health', 'liveness', 'startupProbe']);
  assert.match(found[0].message, /^health has no effect: service "worker" has no port/);
  const document = new ManifestDocument('file:///w/convox.yml', 1, text);
  const diagnostic = validateManifest(document, normalizeSettings({})).find((d) => d.code === 'health-without-port');
  assert.deepEqual(diagnostic?.tags, [DiagnosticTag.Unnecessary]);
});

test('health-without-port: v2 reports health only (liveness is unsupported there anyway)', () => {
  const text = lines('services:', '  worker:', '    health: /health', '    liveness:', '      path: /live');
  assert.deepEqual(withCode(lint(text, 'v2'), 'health-without-port').map((f) => f.text), ['health']);
});

test('health-without-port: no finding with a port (also interpolated); `ports` alone gives no probes', () => {
  assert.deepEqual(withCode(lint(lines('services:', '  web:', '    port: 3000', '    health: /up')), 'health-without-port'), []);
  assert.deepEqual(withCode(lint(lines('services:', '  web:', '    port: ${PORT}', '    health: /up')), 'health-without-port'), []);
  // `ports` does not give probes (spec 12.1.1)
  assert.equal(withCode(lint(lines('services:', '  udp:', '    ports: [5000]', '    health: /up')), 'health-without-port').length, 1);
});

test('health-without-port: corpus laravel worker disables a health check it never had', () => {
  const found = withCode(lint(corpus('convox/TimeZHero__laravel-production-ready__convox.yml')), 'health-without-port');
  assert.deepEqual(found.map((f) => f.text), ['health']);
});
