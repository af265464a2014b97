import assert from 'node:assert/strict';
import { test } from 'node:test';
import { invalidCorpus, lines, lint, withCode } from './lint';

test('conflicting-keys: internal and internalRouter both true (Convox validate.yml)', () => {
  const found = withCode(lint(invalidCorpus('convox__convox__pkg__manifest__testdata__validate.yml')), 'conflicting-keys');
  assert.equal(found.length, 1);
  assert.equal(found[0].text, 'internalRouter');
  assert.match(found[0].message, /^service internal-router-invalid can not have both internal and internalRouter set as true\. /);
  assert.deepEqual(found[0].related, ['internal']);
});

test('conflicting-keys: one of them false, or a v2 rack, is fine', () => {
  assert.deepEqual(withCode(lint(lines('services:', '  web:', '    internal: true', '    internalRouter: false')), 'conflicting-keys'), []);
  assert.deepEqual(withCode(lint(lines('services:', '  web:', '    internal: true', '    internalRouter: true'), 'v2'), 'conflicting-keys'), []);
});
