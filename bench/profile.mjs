// In-process profile of one keystroke's work on a generated manifest: where the time of a validation goes.
//   node bench/profile.mjs [services=1000] [--checks] [--features] [--profile] [--allocations]
// --checks: time each check in turn; --features: completion and hover at the bench's probe positions; --profile:
// write bench/tmp/edits.cpuprofile covering only the edits (after the warm-up), then summarize it with
// `node bench/cpuprofile-summary.mjs bench/tmp/edits.cpuprofile`; --allocations: what the edits (and, with
// --features, each completion and hover) allocate, by function, from V8's sampling heap profiler.
// Bundles the language service with esbuild into bench/tmp/ first, so it measures the sources, not dist/.
import * as esbuild from 'esbuild';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseDocument } from 'yaml';
import { editScript, generateManifest } from './manifests.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TMP = path.join(ROOT, 'bench/tmp');
mkdirSync(TMP, { recursive: true });
const entry = path.join(TMP, 'profile-entry.ts');
const { writeFileSync } = await import('node:fs');
writeFileSync(
  entry,
  [
    `export { ManifestDocument, DocumentCache } from '../../server/src/service/document';`,
    `export { validateManifest, toDiagnostics } from '../../server/src/service/diagnostics/validate';`,
    `export { normalizeSettings } from '../../server/src/service/settings';`,
    `export { CHECKS } from '../../server/src/service/checks';`,
    `export { complete } from '../../server/src/service/features/completion';`,
    `export { hover } from '../../server/src/service/features/hover';`,
    `export { sourceAt } from '../../server/src/service/yaml/toPlain';`,
    `export { envDeclarations } from '../../server/src/service/environment';`,
  ].join('\n'),
);
await esbuild.build({ entryPoints: [entry], outfile: path.join(TMP, 'profile.cjs'), bundle: true, platform: 'node', format: 'cjs', target: 'node18', logLevel: 'warning', sourcemap: true });
const require = createRequire(import.meta.url);
const service = require(path.join(TMP, 'profile.cjs'));

const count = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 1000);
const text = generateManifest(count);
const { texts } = editScript(text, Math.floor(count / 2));
const settings = service.normalizeSettings({});

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const time = (fn) => {
  const t0 = performance.now();
  const c0 = cpu();
  const value = fn();
  return { value, ms: performance.now() - t0, cpu: cpu() - c0 };
};

// Warm-up, then one full pass per edited text, split by phase.
for (const t of texts.slice(0, 5)) service.validateManifest(new service.ManifestDocument('file:///w/convox.yml', 1, t), settings);
const phases = { floor: [], parse: [], plain: [], model: [], validate: [], total: [] };
let inspector;
const { Session } = await import('node:inspector');
const session = new Session();
session.connect();
const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (err, result) => (err ? reject(err) : resolve(result))));
const ALLOCATIONS = process.argv.includes('--allocations');
/** Runs `fn` under V8's sampling heap profiler (garbage included) and prints what it allocated per call of `calls`. */
async function allocations(label, calls, fn) {
  await post('HeapProfiler.enable');
  await post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  fn();
  const { profile } = await post('HeapProfiler.stopSampling');
  const bySite = new Map();
  let total = 0;
  // Built-ins (no script) are counted against the nearest caller of ours.
  const walk = (node, caller) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const site = url ? `${functionName || '(anonymous)'} ${path.relative(ROOT, fileURLToPath(url.startsWith('file:') ? url : pathToFileURL(url)))}:${lineNumber + 1}` : caller;
    total += node.selfSize;
    if (node.selfSize && site) bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
    for (const child of node.children) walk(child, site);
  };
  walk(profile.head, undefined);
  console.log(`${label}: ${(total / calls / 1024).toFixed(0)} KB allocated per call`);
  for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${(bytes / calls / 1024).toFixed(1).padStart(8)} KB  ${site}`);
}
if (process.argv.includes('--profile')) {
  inspector = session;
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 100 });
  await post('Profiler.start');
  inspector.stop = async () => {
    const { profile } = await post('Profiler.stop');
    writeFileSync(path.join(TMP, 'edits.cpuprofile'), JSON.stringify(profile));
  };
}
const perCheck = new Map();
const cache = new service.DocumentCache();
let version = 1;
if (ALLOCATIONS) {
  // A cache of its own, edited through the same texts: the timed pass below is left alone.
  const sampled = new service.DocumentCache();
  let v = 1;
  for (const t of texts.slice(0, Math.floor(texts.length / 2))) service.validateManifest(sampled.get('file:///w/convox.yml', ++v, () => t), settings);
  const rest = texts.slice(Math.floor(texts.length / 2));
  await allocations(`edits (the last ${rest.length}, after the first ones warmed up)`, rest.length, () => {
    for (const t of rest) service.validateManifest(sampled.get('file:///w/convox.yml', ++v, () => t), settings);
  });
}
for (const t of texts) {
  if (!inspector) phases.floor.push(time(() => parseDocument(t)).cpu);
  const parsed = time(() => cache.get('file:///w/convox.yml', ++version, () => t));
  const doc = parsed.value;
  phases.parse.push(parsed.cpu);
  phases.plain.push(time(() => doc.plain).cpu);
  phases.model.push(time(() => doc.model).cpu);
  if (process.argv.includes('--checks')) {
    // Each check in turn on the version being edited, as validateManifest runs them (shared caches included).
    let sum = 0;
    const findings = [];
    for (const check of service.CHECKS) {
      const ms = time(() => check.run({ document: doc, settings, report: (finding) => findings.push(finding) })).cpu;
      sum += ms;
      const name = check.rules.map((r) => r.code).join(',');
      perCheck.set(name, (perCheck.get(name) ?? 0) + ms);
    }
    const ms = time(() => service.toDiagnostics(doc, findings, settings)).cpu;
    perCheck.set('(toDiagnostics)', (perCheck.get('(toDiagnostics)') ?? 0) + ms);
    phases.validate.push(sum + ms);
  } else {
    phases.validate.push(time(() => service.validateManifest(doc, settings)).cpu);
  }
  phases.total.push(parsed.cpu + phases.plain.at(-1) + phases.model.at(-1) + phases.validate.at(-1));
}
if (inspector) await inspector.stop();
if (process.argv.includes('--features')) {
  // Completion and hover at the bench's probe positions on the last version (parsed and validated already).
  const { probePositions } = await import('./manifests.mjs');
  const doc = cache.get('file:///w/convox.yml', version, () => texts.at(-1));
  const probes = probePositions(texts.at(-1), 60);
  const timing = { completion: [], hover: [] };
  for (let round = 0; round < 3; round++) {
    for (const probe of probes) {
      timing.hover.push(time(() => service.hover(doc, { line: probe.line, character: Math.floor((probe.keyStart + probe.keyEnd) / 2) }, settings)).ms);
      timing.completion.push(time(() => service.complete(doc, { line: probe.line, character: probe.keyEnd }, settings)).ms);
    }
  }
  for (const [name, values] of Object.entries(timing)) {
    const sorted = [...values].sort((a, b) => a - b);
    console.log(`${name}: median ${sorted[Math.floor(sorted.length / 2)].toFixed(2)} ms, p95 ${sorted[Math.ceil(sorted.length * 0.95) - 1].toFixed(2)} ms, max ${sorted.at(-1).toFixed(2)} ms`);
  }
  if (ALLOCATIONS) {
    await allocations('completion', probes.length, () => probes.forEach((probe) => service.complete(doc, { line: probe.line, character: probe.keyEnd }, settings)));
    await allocations('hover', probes.length, () => probes.forEach((probe) => service.hover(doc, { line: probe.line, character: Math.floor((probe.keyStart + probe.keyEnd) / 2) }, settings)));
  }
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const p95 = (values) => [...values].sort((a, b) => a - b)[Math.ceil(values.length * 0.95) - 1];
console.log(`${count} services, ${text.split('\n').length} lines, ${texts.length} edited texts; CPU ms, median / p95:`);
for (const [phase, values] of Object.entries(phases)) if (values.length) console.log(`  ${phase.padEnd(9)} ${median(values).toFixed(2).padStart(8)} ${p95(values).toFixed(2).padStart(8)}`);
// The tail: which keystrokes cost most, and in which phase.
const slowest = phases.total.map((total, i) => ({ total, i })).sort((a, b) => b.total - a.total).slice(0, 4);
for (const { total, i } of slowest) console.log(`  slow edit ${i}: total ${total.toFixed(1)} = parse ${phases.parse[i].toFixed(1)} + plain ${phases.plain[i].toFixed(1)} + model ${phases.model[i].toFixed(1)} + validate ${phases.validate[i].toFixed(1)}`);
if (perCheck.size) {
  console.log('slowest checks (CPU ms per edit, mean):');
  [...perCheck].sort((a, b) => b[1] - a[1]).slice(0, 12).forEach(([name, ms]) => console.log(`  ${(ms / texts.length).toFixed(2).padStart(8)}  ${name}`));
}
