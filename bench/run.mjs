// `npm run bench`: convox-language-server against yaml-language-server (with schemas/convox.schema.json attached),
// both as real processes over stdio, playing the same scripted sessions in turn. See bench/README.md.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { parseDocument } from 'yaml';
import { commonOptions } from '../esbuild.mjs';
import { childEnvironment, echoRoundTrips, EXTRA_CA_CERTS, machineCpuTicks, Session } from './lsp.mjs';
import { BROKEN, editScript, generateManifest, probePositions, serviceLines } from './manifests.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TMP = path.join(ROOT, 'bench/tmp');
// `npm run bench` builds the production bundles here (esbuild.mjs --outdir), laid out like the extension package:
// dist/ beside schemas/.
const DIST = path.join(TMP, 'dist');
const QUICK = process.argv.includes('--quick');
const COLD_RUNS = QUICK ? 3 : 7;
const CORPUS_FILES = QUICK ? 4 : 10;
const PROBES = QUICK ? 20 : 60;
// Longer than the 10 s after which our server gives back heap it no longer needs (server/src/idleCollection.ts).
const IDLE_WAIT_MS = 12_000;
// `--cases=corpus,gen100,gen1000` runs only those sessions (and skips the cold starts unless `cold` is listed).
const ONLY = process.argv.find((arg) => arg.startsWith('--cases='))?.slice('--cases='.length).split(',');
const require = createRequire(import.meta.url);

// Our server is started as the extension and other editors start it, without Node flags (it sets the V8 flag it wants
// itself: server/src/launcher.ts); BENCH_NODE_FLAGS="--max-old-space-size=512" adds some, to try other settings.
const SERVER_NODE_FLAGS = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
const SCHEMA_URI = pathToFileURL(path.join(ROOT, 'schemas/convox.schema.json')).href;
const YLS_MAIN = path.join(path.dirname(require.resolve('yaml-language-server/package.json')), 'bin/yaml-language-server');
const YLS_VERSION = JSON.parse(readFileSync(path.join(path.dirname(YLS_MAIN), '../package.json'), 'utf8')).version;

/** What each server waits after a change before validating, read from its source so the report stays true. */
const OURS_DELAY = debounceOfOurs();
const YLS_DELAY_MS = debounceOfYls();
const YLS_DELAY = `${YLS_DELAY_MS} ms`;

const SERVERS = [
  {
    id: 'ours',
    label: 'convox-language-server',
    argv: [...SERVER_NODE_FLAGS, path.join(DIST, 'server.js'), '--stdio'],
    languageId: 'convox',
    options: {},
  },
  {
    id: 'yls',
    label: `yaml-language-server ${YLS_VERSION}`,
    argv: [YLS_MAIN, '--stdio'],
    languageId: 'yaml',
    options: {
      // yaml-language-server ignores pushed settings and pulls `yaml`, `http`, `[yaml]`, `editor` on initialized.
      configuration: (section) =>
        section === 'yaml'
          ? {
              schemas: { [SCHEMA_URI]: ['convox.yml', '*.convox.yml'] },
              validate: true,
              hover: true,
              completion: true,
              format: { enable: false },
              schemaStore: { enable: false },
              kubernetesCRDStore: { enable: false },
              yamlVersion: '1.1', // Convox reads manifests with yaml.v2 (YAML 1.1), as our server does
            }
          : {},
    },
  },
];

async function main() {
  mkdirSync(path.join(TMP, 'schemas'), { recursive: true });
  if (!existsSync(path.join(DIST, 'server.js'))) throw new Error('bench/tmp/dist/server.js is missing: run `npm run bench` (it builds first)');
  copyFileSync(path.join(ROOT, 'schemas/convox.schema.json'), path.join(TMP, 'schemas/convox.schema.json'));

  const cases = [corpusCase(), generatedCase(100), generatedCase(1000)].filter((c) => !ONLY || ONLY.includes(c.id));
  const results = { cold: {}, cases: {} };

  if (!ONLY || ONLY.includes('cold')) {
    for (const server of SERVERS) results.cold[server.id] = await coldStart(server);
    if (EXTRA_CA_CERTS !== undefined) {
      results.coldWithCerts = {};
      for (const server of SERVERS) results.coldWithCerts[server.id] = await coldStart({ ...server, options: { ...server.options, extraCaCerts: true } });
    }
  }
  results.bareNode = await bareNode();
  results.echo = await echoRoundTrips();
  if (EXTRA_CA_CERTS !== undefined) results.bareNodeWithCerts = await bareNode(true);
  for (const testCase of cases) {
    results.cases[testCase.id] = { floor: floorOf(testCase) };
    for (const server of SERVERS) {
      process.stderr.write(`${testCase.title}: ${server.label}...\n`);
      results.cases[testCase.id][server.id] = await session(server, testCase);
    }
  }
  results.bundles = { ...bundles(), libraries: await libraryFloorBundle() };
  results.activation = activation();

  const report = render(cases, results);
  process.stdout.write(report);
  // A partial run (--cases) is for looking, not for the record.
  if (!ONLY) writeFileSync(path.join(ROOT, 'bench/RESULTS.md'), report);
}

// ---------------------------------------------------------------------------------------------------------------
// Cases

function corpusCase() {
  let dir = path.resolve(ROOT, '../shared/corpus/convox');
  let note = 'real manifests from the corpus';
  if (!existsSync(dir)) {
    dir = path.join(ROOT, 'examples');
    note = 'corpus not found next to the repository: the examples/ manifests';
  }
  const files = listYaml(dir)
    .map((file) => ({ file, text: readFileSync(file, 'utf8') }))
    .filter(({ text }) => serviceLines(text).length > 0)
    // The largest real files: the ones where editing cost shows. Deterministic order.
    .sort((a, b) => b.text.length - a.text.length || a.file.localeCompare(b.file))
    .slice(0, CORPUS_FILES);
  const documents = files.map(({ file, text }, index) => document(`corpus-${index}`, text, 0, path.basename(file)));
  const lines = documents.reduce((sum, d) => sum + d.lineCount, 0);
  return { id: 'corpus', title: `Corpus (${documents.length} files, ${lines} lines)`, note, documents };
}

function generatedCase(count) {
  const text = generateManifest(count);
  const doc = document(`services-${count}`, text, Math.floor(count / 2));
  return { id: `gen${count}`, title: `${count} services (${doc.lineCount} lines)`, documents: [doc] };
}

function document(name, text, serviceIndex, source = name) {
  const dir = path.join(TMP, name);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'convox.yml');
  writeFileSync(file, text);
  const script = editScript(text, serviceIndex);
  return {
    source,
    uri: pathToFileURL(file).href,
    text,
    lineCount: text.split('\n').length - 1,
    script,
    probes: probePositions(text, Math.ceil(PROBES / (name.startsWith('corpus') ? CORPUS_FILES : 1))),
  };
}

function listYaml(dir) {
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => path.join(dir, name))
    .concat(
      readdirSync(dir)
        .filter((name) => statSync(path.join(dir, name)).isDirectory())
        .flatMap((name) => listYaml(path.join(dir, name))),
    );
}

// ---------------------------------------------------------------------------------------------------------------
// Measurements

async function start(server) {
  const session = new Session(server.label, server.argv, server.options);
  await session.initialize();
  return session;
}

/** For reference: spawning `node -e 0` until it exits, on this machine at this moment. */
async function bareNode(extraCaCerts = false) {
  const { spawn } = await import('node:child_process');
  const runs = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    runs.push(
      await new Promise((resolve) => {
        const start = performance.now();
        spawn(process.execPath, ['-e', '0'], { env: childEnvironment(extraCaCerts) }).on('exit', () => resolve(performance.now() - start));
      }),
    );
  }
  return stats(runs);
}

/** Process spawn to the first diagnostics of an opened manifest that include its schema error. */
async function coldStart(server) {
  const uri = pathToFileURL(path.join(TMP, 'cold', 'convox.yml')).href;
  mkdirSync(path.join(TMP, 'cold'), { recursive: true });
  writeFileSync(fileURLToPath(uri), BROKEN.text);
  const firstDiagnostics = [];
  const handshake = [];
  let sample;
  for (let run = 0; run < COLD_RUNS; run++) {
    const session = await start(server);
    await session.open(uri, BROKEN.text, server.languageId);
    const first = await session.waitDiagnostics(uri, 0, (entry) => entry.diagnostics.some((d) => d.range.start.line === BROKEN.line));
    firstDiagnostics.push(first.at - session.spawnedAt);
    handshake.push(session.initializedAt - session.spawnedAt);
    sample = first.diagnostics.find((d) => d.range.start.line === BROKEN.line)?.message;
    await session.shutdown();
  }
  // Without the schema the comparison is meaningless: the misspelt key must be reported by both.
  if (!sample) throw new Error(`${server.label} did not report the schema error of the broken manifest`);
  return { firstDiagnostics: stats(firstDiagnostics), handshake: stats(handshake), sample };
}

async function session(server, testCase) {
  const ticksBefore = machineCpuTicks();
  const s = await start(server);
  const edits = [];
  const completion = [];
  const hover = [];
  // The first hover on each file comes after the 400 ms wait for its diagnostics to settle: an idle process wakes up.
  const hoverAfterPause = [];
  const hoverBackToBack = [];
  let editCpu = 0;
  let editCount = 0;
  let rssOpen = 0;
  let rssIdle = 0;
  for (const doc of testCase.documents) {
    await s.open(doc.uri, doc.text, server.languageId);
    await s.waitDiagnostics(doc.uri, 0, (entry) => entry.version === undefined || entry.version === 1);
    await settle(s, doc.uri);
    rssOpen = Math.max(rssOpen, s.memoryMb()?.rss ?? 0);

    // Hover and completion on the unchanged document (parsed once already, as in an editor after opening it).
    for (const [index, probe] of doc.probes.entries()) {
      const key = { line: probe.line, character: Math.floor((probe.keyStart + probe.keyEnd) / 2) };
      const ms = (await s.request('textDocument/hover', { textDocument: { uri: doc.uri }, position: key })).ms;
      hover.push(ms);
      (index === 0 ? hoverAfterPause : hoverBackToBack).push(ms);
      const end = { line: probe.line, character: probe.keyEnd };
      completion.push((await s.request('textDocument/completion', { textDocument: { uri: doc.uri }, position: end })).ms);
    }

    // Keystrokes, one at a time: each waits for its diagnostics (matched by version, or by order when the server
    // sends none), so every figure is the full change-to-diagnostics latency of one keystroke.
    const cpuBefore = s.cpuMs();
    let version = 1;
    for (let i = 0; i < doc.script.changes.length; i++) {
      version++;
      const from = s.published.length;
      const sent = performance.now();
      await s.change(doc.uri, version, doc.script.changes[i]);
      const v = version;
      const entry = await s.waitDiagnostics(doc.uri, from, (e) => e.version === undefined || e.version === v);
      edits.push({ ms: entry.at - sent, text: doc.script.texts[i] });
    }
    editCpu += (s.cpuMs() ?? NaN) - (cpuBefore ?? NaN);
    editCount += doc.script.changes.length;
    // What stays resident while the last file sits open and the user does nothing.
    if (doc === testCase.documents.at(-1)) {
      await new Promise((resolve) => setTimeout(resolve, IDLE_WAIT_MS));
      rssIdle = s.memoryMb()?.rss ?? 0;
    }
    await s.close(doc.uri);
  }
  const cpu = s.cpuMs();
  const memory = s.memoryMb();
  await s.shutdown();
  const ticksAfter = machineCpuTicks();
  // Share of the machine's CPU time the hypervisor gave to other guests: a disturbed session shows here.
  const steal = ticksBefore && ticksAfter ? (100 * (ticksAfter.steal - ticksBefore.steal)) / Math.max(1, ticksAfter.total - ticksBefore.total) : undefined;
  return { steal, edits, completion: stats(completion), hover: stats(hover), hoverAfterPause: stats(hoverAfterPause), hoverBackToBack: stats(hoverBackToBack), cpu, memory, rssOpen, rssIdle, cpuPerEdit: editCpu / editCount };
}

/** Waits until the server has been quiet for a moment (a late publication must not be matched to the next change). */
async function settle(s, uri) {
  for (;;) {
    const count = s.published.length;
    await new Promise((resolve) => setTimeout(resolve, 400));
    if (s.published.length === count) return;
  }
}

/** The floor: `yaml` alone parsing each text the edits produce (best of 3 after warm-up), in this process. */
function floorOf(testCase) {
  const texts = testCase.documents.flatMap((doc) => doc.script.texts);
  for (const text of texts.slice(0, 10)) parseDocument(text);
  const perText = new Map();
  for (const text of texts) {
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      parseDocument(text);
      best = Math.min(best, performance.now() - t0);
    }
    perText.set(text, best);
  }
  return perText;
}

function bundles() {
  const size = (file) => {
    const full = path.join(DIST, file);
    if (!existsSync(full)) return undefined;
    const data = readFileSync(full);
    return { bytes: data.length, gzip: gzipSync(data).length, minified: !/\n {2}\S/.test(data.subarray(0, 20000).toString()) };
  };
  // dist/server.js is the launcher (server/src/launcher.ts); the server itself is dist/server-main.js: both count.
  const server = [size('server.js'), size('server-main.js')].filter(Boolean);
  const sum = server.length ? { bytes: server.reduce((n, b) => n + b.bytes, 0), gzip: server.reduce((n, b) => n + b.gzip, 0), minified: server.every((b) => b.minified) } : undefined;
  // dist/server-convert.js (the compose and Procfile converter) is loaded only when one of those files needs it.
  return { client: size('client.js'), server: sum, converter: size('server-convert.js'), cli: size('cli.js') };
}

/** The libraries' share of the server bundle: bench/libraryFloor.ts, built with the server's options. */
async function libraryFloorBundle() {
  const outfile = path.join(TMP, 'library-floor/server.js');
  await esbuild.build({ ...commonOptions({ production: true }), entryPoints: [path.join(ROOT, 'bench/libraryFloor.ts')], outfile, absWorkingDir: ROOT });
  const data = readFileSync(outfile);
  return { bytes: data.length, gzip: gzipSync(data).length, minified: true };
}

/**
 * The extension's activation, as far as it can be measured without VS Code: loading dist/client.js (with a stub for
 * the `vscode` module) in a fresh Node process. Starting the server is the cold start measured above.
 */
function activation() {
  const script = `
    const Module = require('module');
    const stub = new Proxy(function () {}, { get: (t, k) => (k === '__esModule' ? false : stub), construct: () => stub, apply: () => stub });
    const load = Module._load;
    Module._load = function (request, ...rest) { return request === 'vscode' ? stub : load.call(this, request, ...rest); };
    const t0 = performance.now();
    const ext = require(${JSON.stringify(path.join(DIST, 'client.js'))});
    const t1 = performance.now();
    if (typeof ext.activate !== 'function') throw new Error('no activate');
    process.stdout.write(String(t1 - t0));
  `;
  try {
    const runs = [];
    for (let i = 0; i < 5; i++) runs.push(Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })));
    return stats(runs);
  } catch (err) {
    return { error: String(err.message).split('\n')[0] };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Report

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { n: sorted.length, median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] };
}

function render(cases, results) {
  const ms = (v) => (v === undefined || Number.isNaN(v) ? 'n/a' : v >= 100 ? `${v.toFixed(0)} ms` : v >= 10 ? `${v.toFixed(1)} ms` : `${v.toFixed(2)} ms`);
  const x = (yls, ours) => (yls && ours ? `${(yls / ours).toFixed(1)}x` : 'n/a');
  const mb = (v) => (v === undefined ? 'n/a' : `${v.toFixed(0)} MB`);
  const kb = (b) => (b ? `${(b.bytes / 1024).toFixed(0)} KB (${(b.gzip / 1024).toFixed(0)} KB gzip${b.minified ? '' : ', not minified'})` : 'n/a');
  const rows = [];
  const row = (...cells) => rows.push(`| ${cells.join(' | ')} |`);

  const cpu = os.cpus();
  const out = [
    '# Benchmark results',
    '',
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${cpu[0]?.model ?? 'unknown CPU'} (${cpu.length} cores), ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM, ${os.type()} ${os.release()} ${os.arch()}`,
    `- Node ${process.version}; convox-language-server started as the extension starts it (\`node ${[...SERVER_NODE_FLAGS, 'dist/server.js'].join(' ')}\`); yaml-language-server ${YLS_VERSION} with \`schemas/convox.schema.json\` for \`convox.yml\`${QUICK ? '; --quick run' : ''}`,
    ...(EXTRA_CA_CERTS !== undefined
      ? [
          `- NODE_EXTRA_CA_CERTS is set on this machine: Node 20 then parses every root certificate when a process starts, before any script runs (\`node -e 0\`: ${ms(results.bareNode.median)} without it, ${ms(results.bareNodeWithCerts.median)} with it). Every process here is started without it, as on most machines and as our VS Code extension starts its server (the Red Hat YAML extension passes it on); the cold start is measured with it too, as other editors would start the servers from such an environment.`,
        ]
      : []),
    `- Wait before validating after a change: convox-language-server ${OURS_DELAY}; yaml-language-server ${YLS_DELAY} (its \`validationDelayMs\`, not a setting). Latencies below are what a user sees, waits included.`,
    `- Ratio = yaml-language-server / convox-language-server (higher is better for us).`,
    '',
  ];

  row('Measure', 'convox-language-server', `yaml-language-server`, 'Ratio');
  row('---', '---:', '---:', '---:');
  const cold = results.cold;
  if (cold.ours) row(`Cold start: spawn to first diagnostics (median of ${COLD_RUNS})`, ms(cold.ours.firstDiagnostics.median), ms(cold.yls.firstDiagnostics.median), x(cold.yls.firstDiagnostics.median, cold.ours.firstDiagnostics.median));
  if (cold.ours) row('Cold start: spawn to initialize result (median)', ms(cold.ours.handshake.median), ms(cold.yls.handshake.median), x(cold.yls.handshake.median, cold.ours.handshake.median));
  row('  for reference: spawning `node -e 0` until it exits (median)', ms(results.bareNode.median), '', '');
  const withCerts = results.coldWithCerts;
  if (withCerts) {
    row(`Cold start with NODE_EXTRA_CA_CERTS: spawn to first diagnostics (median of ${COLD_RUNS})`, ms(withCerts.ours.firstDiagnostics.median), ms(withCerts.yls.firstDiagnostics.median), x(withCerts.yls.firstDiagnostics.median, withCerts.ours.firstDiagnostics.median));
    row('  for reference: spawning `node -e 0` with NODE_EXTRA_CA_CERTS (median)', ms(results.bareNodeWithCerts.median), '', '');
  }
  for (const testCase of cases) {
    const r = results.cases[testCase.id];
    const e = (id) => stats(r[id].edits.map((edit) => edit.ms));
    const [eo, ey] = [e('ours'), e('yls')];
    row(`**${testCase.title}**: edit → diagnostics median (${eo.n} keystrokes)`, ms(eo.median), ms(ey.median), x(ey.median, eo.median));
    row('  edit → diagnostics p95', ms(eo.p95), ms(ey.p95), x(ey.p95, eo.p95));
    row(`  yaml-language-server minus its ${YLS_DELAY} wait: median / p95`, '', `${ms(ey.median - YLS_DELAY_MS)} / ${ms(ey.p95 - YLS_DELAY_MS)}`, `${x(ey.median - YLS_DELAY_MS, eo.median)} / ${x(ey.p95 - YLS_DELAY_MS, eo.p95)}`);
    row(`  completion median / p95 (${r.ours.completion.n} positions)`, `${ms(r.ours.completion.median)} / ${ms(r.ours.completion.p95)}`, `${ms(r.yls.completion.median)} / ${ms(r.yls.completion.p95)}`, `${x(r.yls.completion.median, r.ours.completion.median)} / ${x(r.yls.completion.p95, r.ours.completion.p95)}`);
    row(`  hover median / p95 (${r.ours.hover.n} positions)`, `${ms(r.ours.hover.median)} / ${ms(r.ours.hover.p95)}`, `${ms(r.yls.hover.median)} / ${ms(r.yls.hover.p95)}`, `${x(r.yls.hover.median, r.ours.hover.median)} / ${x(r.yls.hover.p95, r.ours.hover.p95)}`);
    if (testCase.documents.length > 1) {
      const h = (id) => `${ms(r[id].hoverAfterPause.median)} / ${ms(r[id].hoverBackToBack.median)}`;
      row(`  hover median: first on each file (after the 400 ms wait for its diagnostics, ${r.ours.hoverAfterPause.n}) / the others (${r.ours.hoverBackToBack.n})`, h('ours'), h('yls'), `${x(r.yls.hoverAfterPause.median, r.ours.hoverAfterPause.median)} / ${x(r.yls.hoverBackToBack.median, r.ours.hoverBackToBack.median)}`);
      row(`  for reference: one byte echoed by a bare \`node\` process, median of ${results.echo.afterPause.length}: after a 400 ms pause / back to back`, `${ms(stats(results.echo.afterPause).median)} / ${ms(stats(results.echo.backToBack).median)}`, '', '');
    }
    if (r.ours.steal !== undefined) row('  CPU time stolen by the hypervisor during the session (other guests on the host; disturbs every figure)', `${r.ours.steal.toFixed(1)}%`, `${r.yls.steal.toFixed(1)}%`, '');
    row('  server CPU time, whole session', ms(r.ours.cpu), ms(r.yls.cpu), x(r.yls.cpu, r.ours.cpu));
    row('  server CPU time per keystroke', ms(r.ours.cpuPerEdit), ms(r.yls.cpuPerEdit), x(r.yls.cpuPerEdit, r.ours.cpuPerEdit));
    row('  resident memory with the file open / peak', `${mb(r.ours.rssOpen)} / ${mb(r.ours.memory?.peak)}`, `${mb(r.yls.rssOpen)} / ${mb(r.yls.memory?.peak)}`, x(r.yls.memory?.peak, r.ours.memory?.peak));
    row(`  resident memory with the file open, idle ${IDLE_WAIT_MS / 1000} s after the last keystroke`, mb(r.ours.rssIdle), mb(r.yls.rssIdle), x(r.yls.rssIdle, r.ours.rssIdle));
    const floors = r.ours.edits.map((edit) => r.floor.get(edit.text));
    const ratios = r.ours.edits.map((edit) => edit.ms / r.floor.get(edit.text));
    const f = stats(floors);
    const q = stats(ratios);
    row('  floor: `yaml` parse of the same texts, median', ms(f.median), '', '');
    row('  edit latency ÷ floor, median / p95', `${q.median.toFixed(2)} / ${q.p95.toFixed(2)}`, `${stats(r.yls.edits.map((edit) => edit.ms / r.floor.get(edit.text))).median.toFixed(1)} / ${stats(r.yls.edits.map((edit) => edit.ms / r.floor.get(edit.text))).p95.toFixed(1)}`, '');
  }
  const b = results.bundles;
  row('Bundle: dist/server.js + dist/server-main.js', kb(b.server), 'unbundled (node_modules)', '');
  row('  of it, the libraries alone: an LSP connection, documents and `yaml` parse (bench/libraryFloor.ts), built alike', kb(b.libraries), '', '');
  row('Bundle loaded on demand: dist/server-convert.js (compose/Procfile converter)', kb(b.converter), '', '');
  row('Bundle: dist/client.js', kb(b.client), '', '');
  const a = results.activation;
  row('Extension activation: load dist/client.js (median of 5, vscode stubbed)', a.error ? `n/a (${a.error})` : ms(a.median), '', '');
  out.push(...rows, '');
  for (const testCase of cases) if (testCase.note) out.push(`${testCase.title}: ${testCase.note}: ${testCase.documents.map((d) => d.source).join(', ')}.`);
  if (cold.ours) out.push(`Schema error both servers must report on the cold-start manifest: ours "${cold.ours.sample}"; yaml-language-server "${cold.yls.sample}".`, '');
  return out.join('\n');
}

function debounceOfYls() {
  const source = readFileSync(path.join(path.dirname(YLS_MAIN), '../out/src/yamlSettings.js'), 'utf8');
  const match = /validationDelayMs\s*=\s*(\d+)/.exec(source);
  if (!match) throw new Error('yaml-language-server: validationDelayMs not found; update bench/run.mjs');
  return Number(match[1]);
}

function debounceOfOurs() {
  const source = readFileSync(path.join(ROOT, 'server/src/server.ts'), 'utf8');
  const match = /VALIDATION_DELAY_MS\s*=\s*(\d+)/.exec(source);
  if (match) return `${match[1]} ms`;
  const slice = /VALIDATION_SLICE_MS\s*=\s*(\d+)/.exec(source);
  return `nothing (it starts once the messages already received are handled${slice ? `, and yields every ${slice[1]} ms so a newer version stops a stale run` : ''})`;
}

await main();
