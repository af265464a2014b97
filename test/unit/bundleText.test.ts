import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

// V8 keeps a script's source for as long as the script lives, one byte per character if it is all ASCII and two if
// a single character is not: for the server that is ~0.6 MB of heap. esbuild escapes non-ASCII text in strings, but
// not in regular expression literals, so a `µ` in one would double it.
test('the server and CLI bundles are ASCII', () => {
  for (const bundle of ['server.js', 'server-main.js', 'cli.js']) {
    const text = readFileSync(path.resolve(__dirname, '../../../dist', bundle), 'utf8');
    const at = text.search(/[^\x00-\x7f]/);
    assert.equal(at, -1, `${bundle}: non-ASCII at ${at}: ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 10))}`);
  }
});
