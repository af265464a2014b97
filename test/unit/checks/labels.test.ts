import assert from 'node:assert/strict';
import { test } from 'node:test';
import { at, lines, lint, withCode } from './lint';

test('reserved-label: reserved keys at the top level and in a service get one diagnostic each, on the key', () => {
  const text = lines('labels:', '  app: billing', '  team: payments', 'services:', '  web:', '    build: .', '    labels:', '      type: frontend', '      tier: web');
  const found = lint(text);
  for (const key of ['app', 'type']) {
    const here = at(found, key);
    assert.equal(here.length, 1, key);
    assert.ok(['reserved-label', 'invalid-value'].includes(here[0].code));
    assert.match(here[0].message, new RegExp(`^reserved label key '${key}' is not allowed\\. `));
  }
  assert.deepEqual(at(found, 'team'), []);
});

test('reserved-label: ordinary keys, and v2 racks, are fine', () => {
  assert.deepEqual(lint(lines('labels:', '  team: payments', '  application: x', 'services:', '  web:', '    build: .', '    labels: {tier: web}')), []);
  assert.deepEqual(withCode(lint(lines('labels:', '  app: x'), 'v2'), 'reserved-label'), []);
});
