import assert from 'node:assert/strict';
import { test } from 'node:test';
import { corpus, lines, lint, withCode } from '../checks/lint';

const resource = (type: string, ...options: string[]) => lines('resources:', '  db:', `    type: ${type}`, '    options:', ...options.map((o) => `      ${o}`));

test('unused-resource-option: v3 containers read version, storage, cpu, mem', () => {
  const found = withCode(lint(resource('postgres', 'version: "15"', 'storage: 20', 'cpu: 500', 'mem: 1024', 'class: db.t3.small', 'memory: 2048')), 'unused-resource-option');
  assert.deepEqual(found.map((f) => f.text), ['class', 'memory']);
  assert.match(found[0].message, /does not read option "class": Convox ignores it \(it is an AWS setting .*use `type: rds-postgres` for the managed service; Convox Cloud databases read it, racks do not\)/);
  assert.deepEqual(found[1].data, { option: 'memory', replacement: 'mem' });
  const [storage] = withCode(lint(resource('redis', 'storage: 10')), 'unused-resource-option');
  assert.match(storage.message, /redis runs without a volume on v3/);
});

test('unused-resource-option: rds-* and elasticache-* accept aliases and any parameter name in any case', () => {
  assert.deepEqual(withCode(lint(resource('rds-postgres', 'class: db.t3.micro', 'version: "15"', 'dbname: app', 'STORAGETYPE: gp3', 'preferredMaintenanceWindow: x', 'subnets: a')), 'unused-resource-option'), []);
  assert.deepEqual(withCode(lint(resource('elasticache-redis', 'class: cache.t3.micro', 'version: "7.0"', 'nodes: 2', 'transitEncryptionEnabled: true', 'password: x')), 'unused-resource-option'), []);
  // the short names themselves are case-sensitive (a `switch k` in MapToRdsParameter)
  const [wrongCase] = withCode(lint(resource('rds-postgres', 'Class: db.t3.micro')), 'unused-resource-option');
  assert.match(wrongCase.message, /short names are case-sensitive/);
  assert.deepEqual(wrongCase.data, { option: 'Class', replacement: 'class' });
  assert.equal(withCode(lint(resource('elasticache-memcached', 'storage: 10')), 'unused-resource-option').length, 1);
});

test('unused-resource-option: v2 passes options to CloudFormation, which rejects parameters the template lacks', () => {
  const found = withCode(lint(resource('postgres', 'class: db.t3.micro', 'storage: 20', 'cpu: 500', 'backup_retention_period: 7'), 'v2'), 'unused-resource-option');
  assert.deepEqual(found.map((f) => f.text), ['cpu']);
  assert.match(found[0].message, /becomes the CloudFormation parameter "Cpu", which the postgres template does not declare, so the app's stack update fails at promote/);
  const [overridden] = withCode(lint(resource('redis', 'autoMinorVersionUpgrade: false'), 'v2'), 'unused-resource-option');
  assert.match(overridden.message, /the app stack sets AutoMinorVersionUpgrade itself after the options/);
  assert.deepEqual(withCode(lint(resource('efs', 'path: /data', 'ownerUid: 1000', 'noUpdate: xtruex'), 'v2'), 'unused-resource-option'), []);
});

test('unused-resource-option: unknown types are left to unknown-resource-type', () => {
  assert.deepEqual(withCode(lint(resource('mongodb', 'whatever: 1')), 'unused-resource-option'), []);
});

test('unused-resource-option: corpus manifests moved from v2 keep RDS options on a v3 container', () => {
  // copotrzebne-api: "postgres options all ${VAR} interpolated (class/storage/encrypted/durable)" on v3
  const found = withCode(lint(corpus('convox/copotrzebne-pl__copotrzebne-api__convox.yml')), 'unused-resource-option');
  assert.deepEqual(found.map((f) => f.text), ['class', 'encrypted', 'durable']);
  // Convox's own v3 fixture has `size`, which no type reads
  assert.deepEqual(withCode(lint(corpus('convox/convox__convox__pkg__manifest__testdata__full.yml')), 'unused-resource-option').map((f) => f.text), ['size']);
  assert.deepEqual(withCode(lint(corpus('convox/convox__convox__examples__httpd__convox.yml')), 'unused-resource-option'), []);
});
