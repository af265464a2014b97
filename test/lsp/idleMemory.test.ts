import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { LogMessageNotification } from 'vscode-languageserver-protocol';
import { TestClient } from '../helpers/lspClient';

// A large manifest open in a server that then sits idle: it gives back the heap it grew for that manifest
// (server/src/idleMemory.ts), started as the extension starts it (server/node-flags.json) or as other editors do.
const NODE_FLAGS: string[] = JSON.parse(readFileSync(path.resolve(__dirname, '../../../server/node-flags.json'), 'utf8')).flags;

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

/** What the server logged of each collection: the quiet it waited (s) and the heap before and after (MB). */
function collections(logs: string[]): { quiet: number; before: number; after: number; line: string }[] {
  return logs.flatMap((line) => {
    const match = /idle for ([\d.]+) s, heap (\d+) → (\d+) MB/.exec(line);
    return match ? [{ quiet: Number(match[1]), before: Number(match[2]), after: Number(match[3]), line }] : [];
  });
}

/**
 * Opens a large manifest in a server started with `flags`, waits until it has been idle for 10 s, and checks what the
 * collections freed: the one after 0.3 s of quiet (opening the file grew the heap by more than 20 MB) and the one
 * after 10 s.
 */
async function idleCollection(flags: string[]): Promise<void> {
  const client = new TestClient(['--stdio'], flags);
  const logs: string[] = [];
  client.connection.onNotification(LogMessageNotification.type, (params) => logs.push(params.message));
  try {
    await client.initialize();
    const uri = 'file:///work/large/convox.yml';
    await client.open(uri, largeManifest(SERVICES));
    const { diagnostics } = await client.diagnosticsFor(uri, 1);
    assert.ok(Array.isArray(diagnostics));
    const before = residentMb(client.pid!);

    const deadline = Date.now() + 40_000;
    while (!collections(logs).some((c) => c.quiet === 10) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    const done = collections(logs);
    assert.deepEqual(
      done.map((c) => c.quiet),
      [0.3, 10],
      `logs: ${JSON.stringify(logs)}`,
    );
    assert.ok(done[0].after < done[0].before - 8, done[0].line);
    await new Promise((resolve) => setTimeout(resolve, 500)); // V8 unmaps freed pages on a helper thread
    const after = residentMb(client.pid!);
    assert.ok(after < before - 10, `resident ${before.toFixed(0)} → ${after.toFixed(0)} MB`);

    // The document is still there, whole.
    await client.change(uri, 2, largeManifest(SERVICES).replace(`svc-${SERVICES - 1}:`, `svc-${SERVICES - 1}:\n    bogus: 1`));
    const changed = await client.diagnosticsFor(uri, 2);
    assert.ok(changed.diagnostics.some((d) => d.code === 'unknown-key'));
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
}

test('an idle server gives back the heap it grew for a large manifest, and still answers: as VS Code starts it', { timeout: 60_000 }, () => idleCollection(NODE_FLAGS));

test('the same with no Node flags, as other editors start it', { timeout: 60_000 }, () => idleCollection([]));
