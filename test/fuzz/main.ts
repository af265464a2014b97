// `npm run fuzz`: the fuzzer for longer than the test suite runs it, with a new seed each time (or FUZZ_SEED), and
// FUZZ_ITERATIONS documents through the service functions (a tenth of that over LSP, half through the converter).
// Prints the figures; failing and slowest inputs go to test/fuzz/failures/. Exits 1 on any failure.
import * as path from 'node:path';
import { fuzz, summary } from './harness';
import { loadCorpus } from './inputs';
import { seedFromEnv } from './prng';

async function run(): Promise<number> {
  const seed = seedFromEnv(Math.floor(Math.random() * 2 ** 32));
  const iterations = Number(process.env.FUZZ_ITERATIONS ?? 5000);
  if (!Number.isInteger(iterations) || iterations < 1) throw new Error(`FUZZ_ITERATIONS must be a positive integer, not "${process.env.FUZZ_ITERATIONS}"`);
  const started = Date.now();
  process.stdout.write(`fuzzing with FUZZ_SEED=${seed} FUZZ_ITERATIONS=${iterations}\n`);
  const stats = await fuzz(
    {
      seed,
      documents: iterations,
      lspDocuments: Math.max(1, Math.round(iterations / 10)),
      converterDocuments: Math.round(iterations / 2),
      cliRuns: Math.min(100, Math.max(1, Math.round(iterations / 100))),
      allowHuge: true,
      slowMs: 1000,
      lspSlowMs: 2000,
      failuresDir: path.resolve(__dirname, '../../../test/fuzz/failures'),
      saveSlowest: true,
      log: (line) => process.stdout.write(`${line}\n`),
    },
    loadCorpus(),
  );
  process.stdout.write(`${summary(stats)}\ntook ${Math.round((Date.now() - started) / 1000)} s; replay with FUZZ_SEED=${seed} FUZZ_ITERATIONS=${iterations} npm run fuzz\n`);
  return stats.crashes === 0 && stats.failures.length === 0 ? 0 : 1;
}

// Not when the test runner loads this file as a test.
if (require.main === module && !process.env.NODE_TEST_CONTEXT) {
  run().then(
    (code) => (process.exitCode = code),
    (error: Error) => {
      process.stderr.write(`fuzz: ${error.stack ?? error.message}\n`);
      process.exitCode = 2;
    },
  );
}
