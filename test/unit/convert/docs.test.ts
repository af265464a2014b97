import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { COMPOSE_BUILD_KEYS, COMPOSE_SERVICE_KEYS, COMPOSE_TOP_LEVEL_KEYS } from '../../../server/src/service/compose/keys';
import { HANDLED_SERVICE_KEYS, LEGACY_KEYS } from '../../../server/src/service/convert/compose';

const DOC = readFileSync(path.resolve(__dirname, '../../../../docs/conversion.md'), 'utf8');
const README = readFileSync(path.resolve(__dirname, '../../../../README.md'), 'utf8');

/** The keys a table row of a section names in backticks. */
function documented(section: string): Set<string> {
  const start = DOC.indexOf(`\n## ${section}`);
  assert.ok(start >= 0, `docs/conversion.md has a "${section}" section`);
  const end = DOC.indexOf('\n## ', start + 1);
  const rows = DOC.slice(start, end < 0 ? undefined : end).split('\n').filter((line) => line.startsWith('| `'));
  return new Set(rows.flatMap((row) => [...row.split(' | ')[0].matchAll(/`([^`]+)`/g)].map((m) => m[1])));
}

test('docs/conversion.md has a row for every compose service key the converter knows', () => {
  const rows = documented('Service keys');
  const keys = [...HANDLED_SERVICE_KEYS, ...Object.keys(COMPOSE_SERVICE_KEYS), ...Object.keys(LEGACY_KEYS)];
  assert.deepEqual(keys.filter((key) => !rows.has(key)), []);
  const build = Object.keys(COMPOSE_BUILD_KEYS).filter((key) => !rows.has(`build.${key}`) && !rows.has(key));
  assert.deepEqual(build, [], 'build keys');
});

test('docs/conversion.md has a row for every top-level compose key', () => {
  const rows = documented('Top-level keys');
  assert.deepEqual(Object.keys(COMPOSE_TOP_LEVEL_KEYS).filter((key) => !rows.has(key)), []);
});

test('the README links the conversion guide and documents convert', () => {
  assert.match(README, /\(docs\/conversion\.md\)/);
  assert.match(README, /convox-yml convert/);
});
