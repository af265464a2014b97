// Two builds of the server side by side on the keystroke script of a generated manifest, sessions interleaved so
// that the machine's drift hits both alike. Each build is a folder laid out like the extension package (dist/ and
// schemas/ beside it), e.g. made with `node esbuild.mjs --production --outdir=/tmp/a/dist && cp -r schemas /tmp/a/`.
//
//   node bench/ab.mjs <build A> <build B> [--services=1000] [--rounds=8]
//
// Prints, per build: keystroke → diagnostics median, p95 and max over all sessions.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Session } from './lsp.mjs';
import { editScript, generateManifest } from './manifests.mjs';

const option = (name, fallback) => Number(process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const builds = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
if (builds.length !== 2) {
  console.error('usage: node bench/ab.mjs <build A> <build B> [--services=1000] [--rounds=8]');
  process.exit(2);
}
for (const build of builds) {
  if (!existsSync(path.join(build, 'dist', 'server.js'))) throw new Error(`${build}: no dist/server.js`);
  if (!existsSync(path.join(build, 'schemas', 'convox.schema.json'))) throw new Error(`${build}: no schemas/ beside dist/`);
}

const text = generateManifest(option('services', 1000));
const { changes } = editScript(text, Math.floor(option('services', 1000) / 2));
// As the extension starts the server (server/node-flags.json).
const flags = ['--max-semi-space-size=8'];

async function session(build, round) {
  const s = new Session(build, [...flags, path.resolve(build, 'dist', 'server.js'), '--stdio']);
  await s.initialize();
  const uri = `file:///tmp/convox-ab/${round}/${path.basename(build)}/convox.yml`;
  await s.open(uri, text, 'convox');
  await s.waitDiagnostics(uri, 0);
  await new Promise((resolve) => setTimeout(resolve, 400));
  const times = [];
  let version = 1;
  for (const change of changes) {
    version++;
    const from = s.published.length;
    const sent = performance.now();
    await s.change(uri, version, change);
    const expected = version;
    const entry = await s.waitDiagnostics(uri, from, (published) => published.version === expected);
    times.push(entry.at - sent);
  }
  await s.shutdown();
  return times;
}

const all = new Map(builds.map((build) => [build, []]));
for (let round = 0; round < option('rounds', 8); round++) {
  for (const build of round % 2 ? [...builds].reverse() : builds) all.get(build).push(...(await session(build, round)));
}
const quantile = (list, q) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(1);
};
for (const [build, times] of all) {
  console.log(`${build}: ${times.length} keystrokes, median ${quantile(times, 0.5)} ms, p95 ${quantile(times, 0.95)} ms, max ${quantile(times, 1)} ms`);
}
