import assert from 'node:assert/strict';
import { test } from 'node:test';
import { corpus, lines, lint, withCode } from '../checks/lint';
import { DiagnosticSeverity } from 'vscode-languageserver-types';

const resource = (type: string) => lines('resources:', '  db:', `    type: ${type}`);

test('unknown-resource-type: v3 promote error with a suggestion', () => {
  const [found] = withCode(lint(resource('postgresql')), 'unknown-resource-type');
  assert.equal(found.text, 'postgresql');
  assert.equal(found.severity, DiagnosticSeverity.Error);
  assert.match(found.message, /v3 racks do not have: promote fails with "open resource\/postgresql\.yml\.tmpl: file does not exist"\. Did you mean "postgres"\?/);
  assert.deepEqual(found.data, { replacement: 'postgres' });
  assert.deepEqual((withCode(lint(resource('pg')), 'unknown-resource-type')[0].data), { replacement: 'postgres' });
  assert.deepEqual((withCode(lint(resource('Redis')), 'unknown-resource-type')[0].data), { replacement: 'redis' });
  assert.deepEqual((withCode(lint(resource('elasticache-memcache')), 'unknown-resource-type')[0].data), { replacement: 'elasticache-memcached' });
});

test('unknown-resource-type: products Convox does not offer get advice and no fix', () => {
  const [mongo] = withCode(lint(resource('mongodb')), 'unknown-resource-type');
  assert.match(mongo.message, /Convox has no MongoDB resource: run it as a service/);
  assert.equal(mongo.data, undefined);
  const [efs] = withCode(lint(resource('efs')), 'unknown-resource-type');
  assert.match(efs.message, /volumeOptions/);
});

test('unknown-resource-type: the generations differ (v3 rds-*, v2 valkey/efs)', () => {
  assert.deepEqual(withCode(lint(resource('rds-postgres')), 'unknown-resource-type'), []);
  assert.deepEqual(withCode(lint(resource('valkey'), 'v2'), 'unknown-resource-type'), []);
  const [valkey] = withCode(lint(resource('valkey')), 'unknown-resource-type');
  assert.deepEqual(valkey.data, { replacement: 'redis' });
  const [rds] = withCode(lint(resource('rds-postgres'), 'v2'), 'unknown-resource-type');
  assert.match(rds.message, /resource\/rds-postgres\.json\.tmpl: no such file or directory/);
  assert.deepEqual(rds.data, { replacement: 'postgres' });
  const [postgis] = withCode(lint(resource('postgis'), 'v2'), 'unknown-resource-type');
  assert.deepEqual(postgis.data, { replacement: 'postgres' });
});

test('unknown-resource-type: interpolated, blank or missing types are left to others', () => {
  assert.deepEqual(withCode(lint(resource('${DB_TYPE}')), 'unknown-resource-type'), []);
  assert.deepEqual(withCode(lint(resource('""')), 'unknown-resource-type'), []);
  assert.deepEqual(withCode(lint(lines('resources:', '  db:', '    options: {}')), 'unknown-resource-type'), []);
});

test('unknown-resource-type: the corpus uses known types only (httpd example has five)', () => {
  assert.deepEqual(withCode(lint(corpus('convox/convox__convox__examples__httpd__convox.yml')), 'unknown-resource-type'), []);
  assert.deepEqual(withCode(lint(corpus('convox/convox__rack__examples__full-convox-yaml__convox.yml'), 'v2'), 'unknown-resource-type'), []);
});
