#!/usr/bin/env node
// Runs the VS Code integration suites (out/vscode/suite) in a real VS Code: the one in code-server, driven
// headlessly by Debian's Chromium. The suites run in VS Code's Node extension host exactly as they would under
// @vscode/test-electron (same `run()` entry point); the extension starts its language server for real.
//
//   npm run test:vscode                         (builds first)
//   node test/vscode/runner/code-server.mjs     [--grep <mocha pattern>] [--keep]
//
// Environment: VSCODE_RT (runtime cache dir), EXT_TEST_TIMEOUT_MS (whole run, default 300000),
// CHROMIUM_PATH (default /usr/bin/chromium). Prints `vscode: N passed, N failed` last; exits 1 on any failure.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import {
  checkSystem,
  CHROMIUM,
  CODE_SERVER_VERSION,
  NODE_VERSION,
  createSandbox,
  ensureRuntime,
  launchBrowser,
  log,
  remoteUri,
  REPO,
  startCodeServer,
  withCleanup,
  workbenchUrl,
} from './runtime.mjs';

const args = process.argv.slice(2);
const grep = args.includes('--grep') ? args[args.indexOf('--grep') + 1] : undefined;
const keep = args.includes('--keep');
const timeoutMs = Number(process.env.EXT_TEST_TIMEOUT_MS || 300_000);
const testsPath = path.join(REPO, 'out', 'vscode', 'suite', 'index');

/** The first line suite/index.ts prints. */
const SUITE_STARTED = 'convox-yml VS Code suite';
/** Workbench messages of an offline, signed-out VS Code that say nothing about the extension. */
const NOISE = /ECONNREFUSED 127\.0\.0\.1:9|authentication provider 'github'|^\[(AgentHost|AccountPolicyGate)[\]:]/;

function closingLine(passed, failed) {
  // The last line of the run, in the plain form CI reads.
  process.stdout.write(`vscode: ${passed} passed, ${failed} failed\n`);
}

async function main() {
  const started = Date.now();
  for (const file of [path.join(REPO, 'dist', 'client.js'), path.join(REPO, 'dist', 'server.js'), `${testsPath}.js`]) {
    if (!fs.existsSync(file)) throw new Error(`${path.relative(REPO, file)} is missing: run \`npm run build && npm run compile-tests:vscode\` (npm run test:vscode does)`);
  }
  checkSystem();
  ensureRuntime();

  return withCleanup(async (onCleanup) => {
    const sandbox = createSandbox(path.join(REPO, 'test', 'vscode', 'workspace'), { keep });
    onCleanup(() => sandbox.dispose());

    const env = { CONVOX_VSCODE_RESULTS: sandbox.results };
    if (grep) env.CONVOX_VSCODE_GREP = grep;
    const server = await startCodeServer(sandbox, { env });
    onCleanup(() => server.stop());
    log(`code-server on ${server.url} (pid ${server.child.pid}) after ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const browser = await launchBrowser(sandbox);
    onCleanup(() => browser.close());
    const page = browser.pages()[0] ?? (await browser.newPage());

    // The workbench reports the extension host's console and the suite's exit code through these hooks
    // (enabled by code-server's `--vscode-option enable-smoke-test-driver`).
    let finish;
    const exited = new Promise((resolve) => (finish = resolve));
    // Until the suite starts, the console is the workbench's start-up chatter (offline gallery, no GitHub
    // sign-in, ...): it is kept and shown only when the suite never reports.
    let suiteStarted = false;
    const earlyLog = [];
    await page.exposeFunction('codeAutomationLog', (type, logArgs) => {
      const text = format(...(Array.isArray(logArgs) ? logArgs : [logArgs]));
      if (!suiteStarted && text.startsWith(SUITE_STARTED)) {
        suiteStarted = true;
        log(`suite started after ${((Date.now() - started) / 1000).toFixed(1)} s`);
      }
      if (suiteStarted && !NOISE.test(text)) process.stdout.write(`${text}\n`);
      else earlyLog.push(`[${((Date.now() - started) / 1000).toFixed(1)}s ${type}] ${text}`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish(code));
    page.on('pageerror', (error) => log(`page error: ${error.message}`));
    log(`browser: ${await page.evaluate(() => /Chrome\/[\d.]+/.exec(navigator.userAgent)?.[0])} (${CHROMIUM}), code-server ${CODE_SERVER_VERSION} on Node ${NODE_VERSION}`);

    const url = workbenchUrl(server, sandbox.workspace, [
      ['extensionDevelopmentPath', remoteUri(server, REPO)],
      ['extensionTestsPath', remoteUri(server, testsPath)],
    ]);
    await page.goto(url);
    log(`workbench page loaded after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    let timer;
    const timedOut = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const code = await Promise.race([exited, timedOut]);
    clearTimeout(timer);

    let results;
    try {
      results = JSON.parse(fs.readFileSync(sandbox.results, 'utf8'));
    } catch {
      results = undefined;
    }
    if (code === 'timeout') log(`the suite did not finish within ${timeoutMs / 1000} s (EXT_TEST_TIMEOUT_MS); code-server's log: ${server.logFile}${keep ? '' : ' (kept with --keep)'}`);
    else log(`extension host exited with code ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    for (const failure of results?.failures ?? []) log(`FAILED: ${failure.title}: ${failure.error.split('\n')[0]}`);
    if (!results) {
      log(`the suite reported no results (it did not run, or VS Code stopped first); the workbench said:\n${earlyLog.join('\n')}`);
      return { passed: 0, failed: 1, ok: false };
    }
    const ok = code === 0 && results.failed === 0 && results.passed > 0;
    return { passed: results.passed, failed: results.failed || (ok ? 0 : 1), ok };
  });
}

main().then(
  ({ passed, failed, ok }) => {
    closingLine(passed, failed);
    process.exit(ok ? 0 : 1);
  },
  (error) => {
    log(`error: ${error.stack ?? error}`);
    closingLine(0, 1);
    process.exit(1);
  },
);
