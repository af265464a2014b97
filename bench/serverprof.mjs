// Profiles the language server process itself over the 1000-service edit session:
//   node esbuild.mjs && node bench/serverprof.mjs [services=1000]
// writes bench/tmp/server-*.cpuprofile (summarize with bench/cpuprofile-summary.mjs).
import { mkdirSync, writeFileSync, readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Session } from './lsp.mjs';
import { editScript, generateManifest } from './manifests.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TMP = path.join(ROOT, 'bench/tmp');
const count = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 1000);
mkdirSync(path.join(TMP, 'prof'), { recursive: true });
for (const file of readdirSync(TMP)) if (file.startsWith('server-') && file.endsWith('.cpuprofile')) rmSync(path.join(TMP, file));
const text = generateManifest(count);
const file = path.join(TMP, 'prof', 'convox.yml');
writeFileSync(file, text);
const uri = pathToFileURL(file).href;
const session = new Session('ours', ['--cpu-prof', `--cpu-prof-dir=${TMP}`, '--cpu-prof-name=server-edits.cpuprofile', path.join(ROOT, 'dist/server.js'), '--stdio']);
await session.initialize();
await session.open(uri, text, 'convox');
await session.waitDiagnostics(uri, 0);
const { changes } = editScript(text, Math.floor(count / 2));
let version = 1;
const t0 = performance.now();
for (const change of changes) {
  version++;
  const from = session.published.length;
  await session.change(uri, version, change);
  const v = version;
  await session.waitDiagnostics(uri, from, (entry) => entry.version === v);
}
console.log(`${changes.length} edits, ${((performance.now() - t0) / changes.length).toFixed(1)} ms each`);
await session.shutdown();
