import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { RULES } from '../../server/src/service/diagnostics/validate';

const DOCS = path.resolve(__dirname, '../../../docs/rules');

test('every diagnostic code has a docs page, and every docs page a code', () => {
  const pages = readdirSync(DOCS).filter((file) => file.endsWith('.md') && file !== 'README.md').map((file) => file.slice(0, -3));
  assert.deepEqual(pages.sort(), [...RULES.keys()].sort());
});

test('each docs page names its code, its default severity and is listed in the index', () => {
  const index = readFileSync(path.join(DOCS, 'README.md'), 'utf8');
  for (const [code, rule] of RULES) {
    const file = path.join(DOCS, `${code}.md`);
    assert.ok(existsSync(file), code);
    const text = readFileSync(file, 'utf8');
    assert.match(text, new RegExp(`^# \`${code}\``), `${code}.md starts with its code`);
    assert.match(text, new RegExp(`Default severity: ${rule.severity}`), `${code}.md states its severity`);
    assert.ok(index.includes(`(${code}.md)`), `index links ${code}`);
  }
});
