// A minimal LSP client for the benchmark: spawns a server as a real process over stdio and times what an editor sees.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import rpc from 'vscode-jsonrpc/node.js';

const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = rpc;

/**
 * NODE_EXTRA_CA_CERTS, when this machine sets it. Node 20 then parses every root certificate when a process starts,
 * before any script runs (~85 ms of every start on the machine the benchmark was written on, for Node itself as much
 * as for either server). Our VS Code extension starts its server without it (client/src/extension.ts), and most
 * machines do not set it: processes are started without it here unless asked for.
 */
export const EXTRA_CA_CERTS = process.env.NODE_EXTRA_CA_CERTS;

/** The environment for a child process: this one's, with NODE_EXTRA_CA_CERTS only when `extraCaCerts` is set. */
export function childEnvironment(extraCaCerts = false) {
  const { NODE_EXTRA_CA_CERTS: _, ...env } = process.env;
  return extraCaCerts && EXTRA_CA_CERTS !== undefined ? { ...env, NODE_EXTRA_CA_CERTS: EXTRA_CA_CERTS } : env;
}

export class Session {
  /**
   * @param {string} name
   * @param {string[]} argv node arguments (script and flags)
   * @param {{ configuration?: (section: string) => unknown, initializationOptions?: unknown, extraCaCerts?: boolean }} options
   *   `extraCaCerts`: start the server with this machine's NODE_EXTRA_CA_CERTS (see `childEnvironment`)
   */
  constructor(name, argv, options = {}) {
    this.name = name;
    this.options = options;
    /** @type {{ uri: string, version: number | undefined, diagnostics: any[], at: number }[]} */
    this.published = [];
    this.waiters = [];
    this.stderr = '';
    this.spawnedAt = performance.now();
    this.process = spawn(process.execPath, argv, { stdio: ['pipe', 'pipe', 'pipe'], env: childEnvironment(options.extraCaCerts) });
    this.process.stderr.on('data', (chunk) => (this.stderr += chunk));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout), new StreamMessageWriter(this.process.stdin));
    this.connection.onNotification('textDocument/publishDiagnostics', (params) => {
      this.published.push({ uri: params.uri, version: params.version, diagnostics: params.diagnostics, at: performance.now() });
      for (const wake of this.waiters.splice(0)) wake();
    });
    // What VS Code answers: settings per section, and acknowledgements of registrations and progress.
    this.connection.onRequest('workspace/configuration', (params) => params.items.map((item) => this.options.configuration?.(item.section) ?? null));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('client/unregisterCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('workspace/codeLens/refresh', () => null);
    this.connection.onNotification(() => {});
    this.connection.listen();
  }

  get pid() {
    return this.process.pid;
  }

  async initialize() {
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: null,
      initializationOptions: this.options.initializationOptions ?? {},
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: false },
          publishDiagnostics: { versionSupport: true, relatedInformation: true },
          // Completion as VS Code's language client (vscode-languageclient 9) declares it.
          completion: {
            contextSupport: true,
            completionItem: {
              snippetSupport: true,
              commitCharactersSupport: true,
              documentationFormat: ['markdown', 'plaintext'],
              deprecatedSupport: true,
              preselectSupport: true,
              insertReplaceSupport: true,
              resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] },
              labelDetailsSupport: true,
            },
            completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
          },
          hover: { contentFormat: ['markdown', 'plaintext'] },
        },
      },
    });
    this.initializedAt = performance.now();
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  async didChangeConfiguration(settings) {
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings });
  }

  async open(uri, text, languageId, version = 1) {
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  /** One incremental change, as VS Code sends a keystroke: `{ range, text }`. */
  async change(uri, version, edit) {
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [edit] });
  }

  async close(uri) {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /**
   * The first diagnostics for `uri` published after index `from` of `published` that satisfy `accept`. A server that
   * sends the document version is matched on it; one that does not (yaml-language-server) on order: the edits are
   * sent one at a time, so the first publication after a change belongs to it.
   */
  async waitDiagnostics(uri, from, accept = () => true, timeoutMs = 120_000) {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      for (let i = from; i < this.published.length; i++) {
        const entry = this.published[i];
        if (entry.uri === uri && accept(entry)) return entry;
      }
      const remaining = deadline - performance.now();
      if (remaining <= 0) throw new Error(`${this.name}: no diagnostics for ${uri} within ${timeoutMs} ms; stderr: ${this.stderr.slice(-2000)}`);
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async request(method, params) {
    const start = performance.now();
    const result = await this.connection.sendRequest(method, params);
    return { ms: performance.now() - start, result };
  }

  /** CPU time (user + system, ms) of the server process so far; undefined where /proc is missing. */
  cpuMs() {
    try {
      const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
    } catch {
      return undefined;
    }
  }

  /** Resident memory now and at its peak (MB); undefined where /proc is missing. */
  memoryMb() {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1]) / 1024;
      return { rss: kb('VmRSS'), peak: kb('VmHWM') };
    } catch {
      return undefined;
    }
  }

  async shutdown() {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    await Promise.race([new Promise((resolve) => this.process.once('exit', resolve)), new Promise((resolve) => setTimeout(resolve, 2000))]);
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill();
    this.connection.dispose();
  }
}

// USER_HZ: 100 on every Linux the bench runs on (getconf CLK_TCK).
const CLOCK_TICKS = 100;

/**
 * For scale: round trips of one byte through a bare Node process echoing it over pipes, `count` times after a
 * `pauseMs` pause and right after that (back to back). What any stdio server's reply costs at least on this machine,
 * the wake-up of an idle process included.
 */
export async function echoRoundTrips(count = 20, pauseMs = 400) {
  const echo = spawn(process.execPath, ['-e', "process.stdin.on('data', (d) => process.stdout.write(d))"], { stdio: ['pipe', 'pipe', 'inherit'], env: childEnvironment() });
  let wake;
  echo.stdout.on('data', () => wake());
  const ping = async () => {
    const sent = performance.now();
    await new Promise((resolve) => {
      wake = resolve;
      echo.stdin.write('x');
    });
    return performance.now() - sent;
  };
  const pause = () => new Promise((resolve) => setTimeout(resolve, pauseMs));
  await ping(); // started
  const afterPause = [];
  const backToBack = [];
  for (let i = 0; i < count; i++) {
    await pause();
    afterPause.push(await ping());
    backToBack.push(await ping());
  }
  echo.kill();
  return { afterPause, backToBack };
}

/**
 * The machine's CPU time so far from /proc/stat (all CPUs, clock ticks): total and the part stolen by the hypervisor
 * (time a virtual CPU wanted to run and another guest ran instead). Undefined where /proc is missing.
 */
export function machineCpuTicks() {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return { total: fields.slice(0, 8).reduce((sum, ticks) => sum + ticks, 0), steal: fields[7] ?? 0 };
  } catch {
    return undefined;
  }
}
