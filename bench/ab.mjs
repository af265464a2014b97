// Builds of the server (or one build with different Node flags) side by side on the keystroke script of a generated
// manifest, sessions interleaved so that the machine's drift hits all alike. Each build is a folder laid out like the
// extension package (dist/ and schemas/ beside it), e.g. made with
// `node esbuild.mjs --production --outdir=/tmp/a/dist && cp -r schemas /tmp/a/`. A variant is `<build>`, started
// without Node flags as the extension starts it, or `<build>@<flag>,<flag>...`.
//
//   node bench/ab.mjs <variant> <variant> [...] [--services=1000] [--rounds=8]
//   node bench/ab.mjs /tmp/a /tmp/a@--max-semi-space-size=8
//   node bench/ab.mjs /tmp/a /tmp/b --cold [--rounds=20]
//
// Prints, per variant: resident memory 0.4 s after the first diagnostics (each session), the time to those
// diagnostics (median), and keystroke → diagnostics median, p95 and max over all sessions. With --cold, cold starts
// instead, as bench/run.mjs makes them (the small manifest with a schema error): spawn → initialize result and
// spawn → first diagnostics, median and quartiles; each variant's first start, which writes its code cache, is left out.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Session } from './lsp.mjs';
import { BROKEN, editScript, generateManifest } from './manifests.mjs';

const option = (name, fallback) => Number(process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const variants = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
if (variants.length < 2) {
  console.error('usage: node bench/ab.mjs <build>[@<flag>,...] <build>[@<flag>,...] [...] [--services=1000] [--rounds=8]');
  process.exit(2);
}
const parse = (variant) => {
  const at = variant.indexOf('@');
  return at < 0 ? { build: variant, flags: [] } : { build: variant.slice(0, at), flags: variant.slice(at + 1).split(',').filter(Boolean) };
};
for (const { build } of variants.map(parse)) {
  if (!existsSync(path.join(build, 'dist', 'server.js'))) throw new Error(`${build}: no dist/server.js`);
  if (!existsSync(path.join(build, 'schemas', 'convox.schema.json'))) throw new Error(`${build}: no schemas/ beside dist/`);
}

const text = generateManifest(option('services', 1000));
const { changes } = editScript(text, Math.floor(option('services', 1000) / 2));
// A code cache folder per variant (server/src/launcher.ts): a build writing its cache removes other builds' caches, and
// V8 rejects a cache written under other flags, so shared, every start would compile the bundle again.
const caches = mkdtempSync(path.join(tmpdir(), 'convox-ab-cache-'));

function start(variant) {
  const { build, flags } = parse(variant);
  process.env.XDG_CACHE_HOME = path.join(caches, String(variants.indexOf(variant)));
  return new Session(variant, [...flags, path.resolve(build, 'dist', 'server.js'), '--stdio']);
}

async function coldStart(variant) {
  const s = start(variant);
  await s.initialize();
  const uri = 'file:///tmp/convox-ab/cold/convox.yml';
  await s.open(uri, BROKEN.text, 'convox');
  const first = await s.waitDiagnostics(uri, 0, (entry) => entry.diagnostics.some((d) => d.range.start.line === BROKEN.line));
  await s.shutdown();
  return { initialized: s.initializedAt - s.spawnedAt, diagnostics: first.at - s.spawnedAt };
}

async function session(variant, round) {
  const s = start(variant);
  await s.initialize();
  const uri = `file:///tmp/convox-ab/${round}/${variants.indexOf(variant)}/convox.yml`;
  const opened = performance.now();
  await s.open(uri, text, 'convox');
  const first = await s.waitDiagnostics(uri, 0);
  await new Promise((resolve) => setTimeout(resolve, 400));
  const rss = s.memoryMb()?.rss;
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
  return { times, rss, open: first.at - opened };
}

const quantile = (list, q) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(1);
};
const quartiles = (list) => `${quantile(list, 0.5)} ms (quartiles ${quantile(list, 0.25)} / ${quantile(list, 0.75)})`;

if (process.argv.includes('--cold')) {
  const starts = new Map(variants.map((variant) => [variant, { initialized: [], diagnostics: [] }]));
  for (let round = 0; round <= option('rounds', 20); round++) {
    for (const variant of round % 2 ? [...variants].reverse() : variants) {
      const { initialized, diagnostics } = await coldStart(variant);
      if (round === 0) continue;
      starts.get(variant).initialized.push(initialized);
      starts.get(variant).diagnostics.push(diagnostics);
    }
  }
  rmSync(caches, { recursive: true, force: true });
  for (const [variant, { initialized, diagnostics }] of starts) {
    console.log(`${variant}: ${diagnostics.length} cold starts, spawn → initialize result ${quartiles(initialized)}, spawn → first diagnostics ${quartiles(diagnostics)}`);
  }
  process.exit(0);
}

const all = new Map(variants.map((variant) => [variant, { times: [], rss: [], open: [] }]));
for (let round = 0; round < option('rounds', 8); round++) {
  for (const variant of round % 2 ? [...variants].reverse() : variants) {
    const { times, rss, open } = await session(variant, round);
    const results = all.get(variant);
    results.times.push(...times);
    results.rss.push(rss);
    results.open.push(open);
  }
}
rmSync(caches, { recursive: true, force: true });
for (const [variant, { times, rss, open }] of all) {
  console.log(
    `${variant}: resident after opening ${rss.map((mb) => mb?.toFixed(0) ?? '?').join(' ')} MB, first diagnostics ${quantile(open, 0.5)} ms; ` +
      `${times.length} keystrokes, median ${quantile(times, 0.5)} ms, p95 ${quantile(times, 0.95)} ms, max ${quantile(times, 1)} ms`,
  );
}
