import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const repo = path.resolve(__dirname, '../../..');

// V8 keeps a script's source for as long as the script lives, one byte per character if it is all ASCII and two if
// a single character is not: for the server that is ~0.6 MB of heap. esbuild escapes non-ASCII text in strings, but
// not in regular expression literals, so a `µ` in one would double it.
test('the server and CLI bundles are ASCII', () => {
  for (const bundle of ['server.js', 'server-main.js', 'server-convert.js', 'cli.js']) {
    const text = readFileSync(path.join(repo, 'dist', bundle), 'utf8');
    const at = text.search(/[^\x00-\x7f]/);
    assert.equal(at, -1, `${bundle}: non-ASCII at ${at}: ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 10))}`);
  }
});

// .vscodeignore is an allow-list: a bundle the build writes but the list leaves out is missing from the installed
// extension, and the tests (which run from the repository) would not notice.
test('the extension package includes every bundle the build writes', () => {
  const allowed = readFileSync(path.join(repo, '.vscodeignore'), 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.startsWith('!dist/'))
    .map((line) => line.slice('!'.length));
  const bundles = readdirSync(path.join(repo, 'dist')).filter((name) => name.endsWith('.js'));
  assert.ok(bundles.includes('server-convert.js'), `dist/ holds ${bundles.join(', ')}`);
  for (const bundle of bundles) assert.ok(allowed.includes(`dist/${bundle}`), `.vscodeignore leaves out dist/${bundle}`);
});

// The converter is loaded the first time a compose file or Procfile needs it (test/lsp/convert.test.ts runs it):
// an import that pulls it into the server's own bundle would have every start compile it again.
test('the server bundle leaves the converter to dist/server-convert.js', () => {
  const server = readFileSync(path.join(repo, 'dist', 'server-main.js'), 'utf8');
  const converter = readFileSync(path.join(repo, 'dist', 'server-convert.js'), 'utf8');
  assert.ok(converter.includes('function convertCompose('), 'server-convert.js holds the converter');
  assert.ok(!server.includes('function convertCompose('), 'server-main.js does not');
  assert.ok(server.includes('require("./server-convert.js")'), 'server-main.js loads it from beside itself');
});
