// In-process profile of one keystroke's work on a generated manifest: where the time of a validation goes.
//   node bench/profile.mjs [services=1000] [--cpu-prof]   (with --cpu-prof: node --cpu-prof --cpu-prof-dir=bench/tmp ...)
// Bundles the language service with esbuild into bench/tmp/ first, so it measures the sources, not dist/.
import * as esbuild from 'esbuild';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
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
    `export { validateManifest } from '../../server/src/service/diagnostics/validate';`,
    `export { normalizeSettings } from '../../server/src/service/settings';`,
    `export { CHECKS } from '../../server/src/service/checks';`,
    `export { complete } from '../../server/src/service/features/completion';`,
    `export { hover } from '../../server/src/service/features/hover';`,
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
const perCheck = new Map();
const cache = new service.DocumentCache();
let version = 1;
for (const t of texts) {
  phases.floor.push(time(() => parseDocument(t)).cpu);
  const parsed = time(() => cache.get('file:///w/convox.yml', ++version, () => t));
  const doc = parsed.value;
  phases.parse.push(parsed.cpu);
  phases.plain.push(time(() => doc.plain).cpu);
  phases.model.push(time(() => doc.model).cpu);
  const v = time(() => service.validateManifest(doc, settings));
  phases.validate.push(v.cpu);
  phases.total.push(parsed.cpu + phases.plain.at(-1) + phases.model.at(-1) + v.cpu);
  // Each check alone on a fresh parse (so shared caches do not hide a check's cost).
  if (process.argv.includes('--checks')) {
    const fresh = new service.ManifestDocument('file:///w/convox.yml', 1, t);
    void fresh.plain;
    void fresh.model;
    for (const check of service.CHECKS) {
      const ms = time(() => check.run({ document: fresh, settings, report: () => {} })).cpu;
      const name = check.rules.map((r) => r.code).join(',');
      perCheck.set(name, (perCheck.get(name) ?? 0) + ms);
    }
  }
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(`${count} services, ${text.split('\n').length} lines, ${texts.length} edited texts; CPU ms, median:`);
for (const [phase, values] of Object.entries(phases)) console.log(`  ${phase.padEnd(9)} ${median(values).toFixed(2)}`);
if (perCheck.size) {
  console.log('slowest checks (CPU ms per edit, mean):');
  [...perCheck].sort((a, b) => b[1] - a[1]).slice(0, 12).forEach(([name, ms]) => console.log(`  ${(ms / texts.length).toFixed(2).padStart(8)}  ${name}`));
}
