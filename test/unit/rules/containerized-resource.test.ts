import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { corpus, lines, lint, withCode } from '../checks/lint';

test('containerized-resource: v3 databases keep data on one volume; caches on none', () => {
  const text = lines('resources:', '  db:', '    type: postgres', '  cache:', '    type: redis', '  geo:', '    type: postgis', '  managed:', '    type: rds-postgres');
  const found = withCode(lint(text), 'containerized-resource');
  assert.deepEqual(found.map((f) => f.text), ['postgres', 'redis', 'postgis']);
  assert.equal(found[0].severity, DiagnosticSeverity.Information);
  assert.match(found[0].message, /one PersistentVolumeClaim: kept across restarts, but not replicated or backed up/);
  assert.match(found[0].message, /use the managed `rds-postgres`, which needs options `class` and `version`/);
  assert.match(found[1].message, /no volume, so its data is lost whenever the pod restarts/);
  assert.deepEqual(found[1].data, { replacement: 'elasticache-redis' });
  assert.match(found[2].message, /CREATE EXTENSION postgis/);
});

test('containerized-resource: v2 types are AWS services already', () => {
  assert.deepEqual(withCode(lint(lines('resources:', '  db:', '    type: postgres'), 'v2'), 'containerized-resource'), []);
});

test('containerized-resource: the httpd example runs seven containerized resources', () => {
  const found = withCode(lint(corpus('convox/convox__convox__examples__httpd__convox.yml')), 'containerized-resource');
  assert.deepEqual(found.map((f) => f.text), ['postgres', 'postgres', 'postgres', 'redis', 'memcached', 'mysql', 'mariadb']);
});
