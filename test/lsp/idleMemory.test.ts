import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { LogMessageNotification } from 'vscode-languageserver-protocol';
import { TestClient } from '../helpers/lspClient';

// A large manifest open in a server that then sits idle: after 10 s it gives back the heap it grew for that manifest
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

/** Opens a 1,000-service manifest in a server started with `flags`, waits for the idle collection, checks what it freed. */
async function idleCollection(flags: string[]): Promise<void> {
  const client = new TestClient(['--stdio'], flags);
  const logs: string[] = [];
  client.connection.onNotification(LogMessageNotification.type, (params) => logs.push(params.message));
  try {
    await client.initialize();
    const uri = 'file:///work/large/convox.yml';
    await client.open(uri, largeManifest(1000));
    const { diagnostics } = await client.diagnosticsFor(uri, 1);
    assert.ok(Array.isArray(diagnostics));
    const before = residentMb(client.pid!);

    const deadline = Date.now() + 30_000;
    while (!logs.some((message) => message.includes('idle, heap')) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    const line = logs.find((message) => message.includes('idle, heap'));
    assert.ok(line, `no idle collection logged; logs: ${JSON.stringify(logs)}`);
    const [, heapBefore, heapAfter] = /heap (\d+) → (\d+) MB/.exec(line)!.map(Number);
    assert.ok(heapAfter < heapBefore - 8, line);
    await new Promise((resolve) => setTimeout(resolve, 500)); // V8 unmaps freed pages on a helper thread
    const after = residentMb(client.pid!);
    assert.ok(after < before - 10, `resident ${before.toFixed(0)} → ${after.toFixed(0)} MB`);

    // The document is still there, whole.
    await client.change(uri, 2, largeManifest(1000).replace('svc-999:', 'svc-999:\n    bogus: 1'));
    const changed = await client.diagnosticsFor(uri, 2);
    assert.ok(changed.diagnostics.some((d) => d.code === 'unknown-key'));
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
}

test('an idle server gives back the heap it grew for a large manifest, and still answers: as VS Code starts it', { timeout: 60_000 }, () => idleCollection(NODE_FLAGS));

test('the same with no Node flags, as other editors start it', { timeout: 60_000 }, () => idleCollection([]));
