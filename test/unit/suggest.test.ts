import assert from 'node:assert/strict';
import { test } from 'node:test';
import { didYouMean, editDistance } from '../../server/src/service/text/suggest';

test('edit distance counts a transposition as one edit', () => {
  assert.equal(editDistance('enviroment', 'environment'), 1);
  assert.equal(editDistance('scael', 'scale'), 1);
  assert.equal(editDistance('', 'port'), 4);
  assert.equal(editDistance('health', 'health'), 0);
  assert.equal(editDistance('kitten', 'sitting'), 3);
});

test('edit distance with a limit: exact up to it, and above it once the distance is known to exceed it', () => {
  assert.equal(editDistance('kitten', 'sitting', 3), 3);
  assert.ok(editDistance('kitten', 'sitting', 2) > 2);
  assert.ok(editDistance('a'.repeat(5000), 'b'.repeat(5000), 3) > 3);
  assert.equal(editDistance('abcd', 'badc', 2), 2);
});

test('did you mean: the closest key within a third of the word (1 to 3 edits)', () => {
  const keys = ['environment', 'scale', 'port', 'health', 'resources'];
  assert.equal(didYouMean('enviroment', keys), 'environment');
  assert.equal(didYouMean('Scael', keys), 'scale');
  assert.equal(didYouMean('prot', keys), 'port');
  assert.equal(didYouMean('healthcheck', keys), undefined, 'five letters longer: too far');
  assert.equal(didYouMean('resourcesxyz', keys), 'resources', 'three letters longer, word of 12: within the limit');
  assert.equal(didYouMean('x', keys), undefined);
  // A pasted megabyte-long key: no candidate is within reach, and none is measured against it.
  assert.equal(didYouMean('x'.repeat(1024 * 1024), keys), undefined);
});
