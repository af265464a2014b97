import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { TestClient } from '../helpers/lspClient';

// dist/server.js runs the server through V8's code cache, kept in the user's cache folder (server/src/launcher.ts):
// written when a server exits, used by the next start, rewritten when V8 rejects it.

/** One server's life: start, validate a manifest, exit. */
async function session(cacheHome: string): Promise<void> {
  const client = new TestClient(['--stdio'], [], { XDG_CACHE_HOME: cacheHome });
  try {
    await client.initialize();
    await client.open('file:///work/cache/convox.yml', 'services:\n  web:\n    build: .\n    prot: 3000\n');
    const { diagnostics } = await client.diagnosticsFor('file:///work/cache/convox.yml', 1);
    assert.ok(diagnostics.some((d) => d.code === 'unknown-key'), JSON.stringify(diagnostics));
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
}

test('the code cache is written on exit, used as it is by the next start, and rewritten when damaged', { timeout: 60_000 }, async () => {
  const cacheHome = mkdtempSync(path.join(tmpdir(), 'convox-yml-cache-'));
  const folder = path.join(cacheHome, 'convox-yml');
  const caches = () => readdirSync(folder).filter((name) => name.endsWith('.v8cache'));
  try {
    await session(cacheHome);
    const [name, ...others] = caches();
    assert.match(name, /^server-[0-9a-f]{16}\.v8cache$/);
    assert.deepEqual(others, []);
    const file = path.join(folder, name);
    const written = statSync(file);
    assert.ok(written.size > 100_000, `${written.size} bytes`);

    // Accepted: the next start does not write it again.
    await session(cacheHome);
    assert.equal(statSync(file).mtimeMs, written.mtimeMs);

    // Damaged, with a cache of another build beside it: the server still works, and leaves one good cache.
    writeFileSync(file, 'not a code cache');
    writeFileSync(path.join(folder, 'server-0123456789abcdef.v8cache'), 'another build');
    await session(cacheHome);
    assert.deepEqual(caches(), [name]);
    assert.ok(statSync(file).size > 100_000);
    assert.notEqual(readFileSync(file, 'utf8').slice(0, 16), 'not a code cache');
  } finally {
    rmSync(cacheHome, { recursive: true, force: true });
  }
});
