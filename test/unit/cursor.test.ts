import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cursorContext } from '../../server/src/service/features/cursor';

function at(marked: string) {
  const offset = marked.indexOf('‸');
  return cursorContext(marked.slice(0, offset) + marked.slice(offset + 1), offset);
}

test('empty file: a key at the root', () => {
  const context = at('‸');
  assert.deepEqual(context.path, []);
  assert.equal(context.position, 'key');
  assert.equal(context.word, '');
});

test('half-typed key in a service', () => {
  const context = at('services:\n  web:\n    build: .\n    hea‸\n    port: 3000\n');
  assert.deepEqual(context.path, ['services', 'web']);
  assert.equal(context.position, 'key');
  assert.equal(context.word, 'hea');
  assert.deepEqual([...context.siblings].sort(), ['build', 'port']);
});

test('value after a key', () => {
  const context = at('services:\n  web:\n    agent: tr‸\n');
  assert.deepEqual(context.path, ['services', 'web']);
  assert.equal(context.position, 'value');
  assert.equal(context.key, 'agent');
  assert.equal(context.word, 'tr');
});

test('list item under resources, with items already listed', () => {
  const context = at('services:\n  web:\n    resources:\n      - cache\n      - ‸\n');
  assert.deepEqual(context.path, ['services', 'web', 'resources']);
  assert.equal(context.position, 'item');
  assert.deepEqual([...context.listed], ['cache']);
});

test('compose-style list at the same indentation as its key', () => {
  const context = at('services:\n  web:\n    resources:\n    - ‸\n');
  assert.deepEqual(context.path, ['services', 'web', 'resources']);
  assert.equal(context.position, 'item');
});

test('key inside a list item map', () => {
  const context = at('services:\n  web:\n    configMounts:\n      - id: x\n        ‸\n');
  assert.deepEqual(context.path, ['services', 'web', 'configMounts', 0]);
  assert.equal(context.position, 'key');
  assert.deepEqual([...context.siblings], ['id']);
});

test('value inside a list item map', () => {
  const context = at('services:\n  web:\n    volumeOptions:\n      - awsEfs:\n          accessMode: Read‸\n');
  assert.deepEqual(context.path, ['services', 'web', 'volumeOptions', 0, 'awsEfs']);
  assert.equal(context.key, 'accessMode');
  assert.equal(context.word, 'Read');
});

test('comments, blank lines and CRLF do not break the walk', () => {
  const context = at('services:\r\n  # the app\r\n  web:\r\n\r\n    # health check below\r\n    port: 3000\r\n    ‸');
  assert.deepEqual(context.path, ['services', 'web']);
  assert.ok(context.siblings.has('port'));
});

test('a timer value', () => {
  const context = at('timers:\n  nightly:\n    service: w‸\n');
  assert.deepEqual(context.path, ['timers', 'nightly']);
  assert.equal(context.key, 'service');
  assert.equal(context.word, 'w');
});
