import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hover } from '../../server/src/service/features/hover';
import { normalizeSettings } from '../../server/src/service/settings';
import { textAt, withCaret } from '../helpers/caret';

function hoverAt(marked: string) {
  const { document, position } = withCaret(marked);
  const result = hover(document, position, normalizeSettings({}));
  return result && { value: (result.contents as { value: string }).value, text: textAt(document, result.range!) };
}

test('a key: description, accepted forms, default and docs link', () => {
  const result = hoverAt('services:\n  web:\n    sca‸le: 2\n');
  assert.equal(result?.text, 'scale');
  assert.match(result!.value, /\*\*scale\*\*/);
  assert.match(result!.value, /Accepted forms/);
  assert.match(result!.value, /https:\/\/docs\.convox\.com\/[^)]*scale/);
});

test('a v2-only key says so', () => {
  assert.match(hoverAt('services:\n  web:\n    li‸nks: [api]\n')!.value, /v2 racks only/);
});

test('a resource link lists the six variables it injects', () => {
  const result = hoverAt('resources:\n  my-db:\n    type: postgres\nservices:\n  web:\n    resources:\n      - my‸-db\n');
  assert.equal(result?.text, 'my-db');
  for (const suffix of ['URL', 'USER', 'PASS', 'HOST', 'PORT', 'NAME']) assert.match(result!.value, new RegExp(`MY_DB_${suffix}`));
  assert.match(result!.value, /\(postgres\)/);
});

test('a resource link with an alias injects one variable, picked by its last segment', () => {
  const result = hoverAt('resources:\n  db:\n    type: postgres\nservices:\n  web:\n    resources:\n      - "db:PRIMARY_H‸OST"\n');
  assert.match(result!.value, /`PRIMARY_HOST` \| host name/);
  assert.doesNotMatch(result!.value, /DB_URL/);
});

test('a resource definition key shows its type and variables', () => {
  const result = hoverAt('resources:\n  cac‸he:\n    type: redis\n');
  assert.match(result!.value, /resource `cache`\*\* \(redis\)/);
  assert.match(result!.value, /CACHE_URL/);
});

test('an enum or example value is described', () => {
  assert.match(hoverAt('resources:\n  db:\n    type: red‸is\n')!.value, /^`redis`: /);
});

test('nothing on empty space', () => {
  assert.equal(hoverAt('services:\n  web:\n    image: a\n‸\n'), null);
});
