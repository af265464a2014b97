import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { LogMessageNotification } from 'vscode-languageserver-protocol';
import { TestClient } from '../helpers/lspClient';

// What the server keeps resident with a large manifest open: V8's young generation held at its initial size
// (server/src/launcher.ts), and the heap grown for the manifest given back once the server is quiet; and garbage
// collected while it is quiet rather than during the requests that follow (server/src/idleCollection.ts). Started
// as the extension and other editors start it: no Node flags.

function largeManifest(services: number): string {
  const lines = ['services:'];
  for (let i = 0; i < services; i++) {
    lines.push(`  svc-${i}:`, `    build: ./svc-${i}`, `    command: bin/start --queue ${i}`, '    environment:', `      - QUEUE=q${i}`, '    health: /health', `    port: ${3000 + (i % 50)}`, '    scale:', '      count: 1', '      memory: 512');
  }
  return lines.join('\n') + '\n';
}

function residentMb(pid: number): number {
  return Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
}

const SERVICES = 1700; // ~17,000 lines, like the benchmark's largest manifest
/** How long the large manifest's diagnostics may take to arrive: ~1 s on a quiet machine, far more on a disturbed one. */
const LARGE_FILE_WAIT_MS = 30_000;

/** What the server logged of each collection: the quiet it waited (s) and the heap before and after (MB). */
function collections(logs: string[]): { quiet: number; before: number; after: number; line: string }[] {
  return logs.flatMap((line) => {
    const match = /idle for ([\d.]+) s, heap (\d+) → (\d+) MB/.exec(line);
    return match ? [{ quiet: Number(match[1]), before: Number(match[2]), after: Number(match[3]), line }] : [];
  });
}

// Opens a large manifest, waits until the server has been idle for 10 s, and checks what the collections freed: the
// one after 0.2 s of quiet (opening the file grew the heap by more than 20 MB) and the one after 10 s.
test('an idle server gives back the heap it grew for a large manifest, and still answers', { timeout: 60_000 }, async () => {
  const client = new TestClient(['--stdio']);
  const logs: string[] = [];
  client.connection.onNotification(LogMessageNotification.type, (params) => logs.push(params.message));
  try {
    await client.initialize();
    const uri = 'file:///work/large/convox.yml';
    await client.open(uri, largeManifest(SERVICES));
    const { diagnostics } = await client.diagnosticsFor(uri, 1, LARGE_FILE_WAIT_MS);
    assert.ok(Array.isArray(diagnostics));
    const before = residentMb(client.pid!);

    const deadline = Date.now() + 40_000;
    while (!collections(logs).some((c) => c.quiet === 10) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    const done = collections(logs);
    assert.deepEqual(
      done.map((c) => c.quiet),
      [0.2, 10],
      `logs: ${JSON.stringify(logs)}`,
    );
    assert.ok(done[0].after < done[0].before - 8, done[0].line);
    await new Promise((resolve) => setTimeout(resolve, 500)); // V8 unmaps freed pages on a helper thread
    const after = residentMb(client.pid!);
    assert.ok(after < before - 10, `resident ${before.toFixed(0)} → ${after.toFixed(0)} MB`);

    // The document is still there, whole.
    await client.change(uri, 2, largeManifest(SERVICES).replace(`svc-${SERVICES - 1}:`, `svc-${SERVICES - 1}:\n    bogus: 1`));
    const changed = await client.diagnosticsFor(uri, 2, LARGE_FILE_WAIT_MS);
    assert.ok(changed.diagnostics.some((d) => d.code === 'unknown-key'));
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});

test('the young generation stays at its initial size while a large manifest is parsed and edited', { timeout: 60_000 }, async () => {
  // A preload (not a V8 flag) that reports the young generation's committed size as the server exits.
  const folder = mkdtempSync(path.join(tmpdir(), 'convox-young-'));
  const preload = path.join(folder, 'young.js');
  writeFileSync(preload, `process.on('exit', () => require('fs').writeSync(2, 'new_space ' + require('v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size + '\\n'));`);
  const client = new TestClient(['--stdio'], ['-r', preload]);
  try {
    await client.initialize();
    const uri = 'file:///work/large/convox.yml';
    const text = largeManifest(SERVICES);
    await client.open(uri, text);
    await client.diagnosticsFor(uri, 1, LARGE_FILE_WAIT_MS);
    await client.change(uri, 2, text.replace('svc-0:', 'svc-0:\n    bogus: 1'));
    await client.diagnosticsFor(uri, 2, LARGE_FILE_WAIT_MS);
  } finally {
    assert.equal(await client.shutdown(), 0);
    rmSync(folder, { recursive: true, force: true });
  }
  const reported = /new_space (\d+)/.exec(client.stderr);
  assert.ok(reported, client.stderr);
  // Two 1 MB semi-spaces (V8's default lets them grow to 2 x 16 MB for such a parse).
  assert.ok(Number(reported[1]) <= 4 * 1024 * 1024, `new space ${reported[1]} bytes`);
});

test('a quiet moment after work empties the young generation, so the next requests do not collect garbage', { timeout: 30_000 }, async () => {
  // A preload (not a V8 flag) that reports each scavenge, and each message's arrival, with its time.
  const folder = mkdtempSync(path.join(tmpdir(), 'convox-scavenge-'));
  const preload = path.join(folder, 'scavenges.js');
  writeFileSync(
    preload,
    `const { PerformanceObserver, performance, constants } = require('perf_hooks');
    new PerformanceObserver((list) => { for (const e of list.getEntries()) if (e.detail.kind === constants.NODE_PERFORMANCE_GC_MINOR) process.stderr.write('scavenge ' + e.startTime.toFixed(1) + '\\n'); }).observe({ entryTypes: ['gc'] });
    process.stdin.on('data', () => process.stderr.write('message ' + performance.now().toFixed(1) + '\\n'));`,
  );
  const client = new TestClient(['--stdio'], ['-r', preload]);
  try {
    await client.initialize();
    const uri = 'file:///work/small/convox.yml';
    await client.open(uri, largeManifest(20));
    await client.diagnosticsFor(uri, 1, LARGE_FILE_WAIT_MS);
    await new Promise((resolve) => setTimeout(resolve, 600));
  } finally {
    assert.equal(await client.shutdown(), 0);
    rmSync(folder, { recursive: true, force: true });
  }
  const times = (kind: string) => [...client.stderr.matchAll(new RegExp(`^${kind} ([\\d.]+)$`, 'gm'))].map((m) => Number(m[1]));
  // The last message before the 600 ms without any (the didOpen, or the answer to a configuration request): once
  // the diagnostics are out the server is quiet, nothing allocates, and only the idle scavenge (100 ms after the last
  // work) can run.
  const messages = times('message');
  const lastBeforeQuiet = messages.find((t, i) => messages[i + 1] - t > 500);
  assert.ok(lastBeforeQuiet !== undefined, client.stderr);
  const quiet = times('scavenge').filter((t) => t > lastBeforeQuiet + 90 && t < lastBeforeQuiet + 550);
  assert.ok(quiet.length >= 1, client.stderr);
});
