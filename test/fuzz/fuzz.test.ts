import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { fuzz, summary } from './harness';
import { loadCorpus } from './inputs';
import { seedFromEnv } from './prng';

/**
 * The fuzzer with a fixed seed, as part of `npm test`: random edits of the corpus manifests, random bytes and hostile
 * documents through every service function, the real server over LSP, the converter and the CLI. `npm run fuzz`
 * runs it longer with a new seed (FUZZ_SEED, FUZZ_ITERATIONS). A failing input is written to test/fuzz/failures/.
 */
test('fuzz: nothing crashes, hangs, answers late or points outside the document', { timeout: 240_000 }, async () => {
  const stats = await fuzz(
    {
      seed: seedFromEnv(0xc0a7),
      documents: 250,
      lspDocuments: 20,
      converterDocuments: 150,
      cliRuns: 3,
      allowHuge: false,
      slowMs: 1000,
      // Wall time over LSP, on a CI machine that runs other test files at the same time.
      lspSlowMs: 10_000,
      failuresDir: path.resolve(__dirname, '../../../test/fuzz/failures'),
    },
    loadCorpus(),
  );
  process.stdout.write(`${summary(stats)}\n`);
  assert.equal(stats.answered, stats.requests, 'every request is answered');
  assert.deepEqual(
    stats.failures.map((failure) => `${failure.kind} on ${failure.input.name}: ${failure.message.slice(0, 500)}`),
    [],
  );
  assert.equal(stats.crashes, 0);
  // Every document was closed again: what the server keeps stays small (measured on Linux only).
  if (stats.serverMemory) assert.ok(stats.serverMemory.peak < 500, `server peak memory ${stats.serverMemory.peak} MB`);
});
