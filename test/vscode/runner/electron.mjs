#!/usr/bin/env node
// Runs the VS Code integration suites (out/vscode/suite) in desktop VS Code through @vscode/test-electron, on a
// machine that can download VS Code (a developer's laptop, GitHub Actions). The same suites run on machines that
// cannot through `npm run test:vscode` (code-server.mjs).
//
//   npm run test:vscode:electron                (builds first)
//   VSCODE_VERSION=stable npm run test:vscode:electron
//
// On Linux without a display, run it under `xvfb-run -a`. Prints `vscode: N passed, N failed` last.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests, TestRunFailedError } from '@vscode/test-electron';
import { CODE_SERVER_VERSION, REPO } from './runtime.mjs';

// The VS Code release inside the pinned code-server (4.139.1 bundles VS Code 1.139.1), so both runners test the same VS Code.
const VSCODE_VERSION = process.env.VSCODE_VERSION || `1.${CODE_SERVER_VERSION.split('.')[1]}.${CODE_SERVER_VERSION.split('.')[2]}`;

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'convox-vscode-electron-'));
const workspace = path.join(root, 'workspace');
const results = path.join(root, 'results.json');
fs.cpSync(path.join(REPO, 'test', 'vscode', 'workspace'), workspace, { recursive: true });
fs.mkdirSync(path.join(root, 'user-data', 'User'), { recursive: true });
fs.writeFileSync(
  path.join(root, 'user-data', 'User', 'settings.json'),
  JSON.stringify({ 'files.autoSave': 'off', 'chat.disableAIFeatures': true, 'git.enabled': false, 'telemetry.telemetryLevel': 'off', 'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false }),
);

let code = 1;
let summary;
try {
  code = await runTests({
    version: VSCODE_VERSION,
    // A separate cache dir for the download, kept between runs (as @vscode/test-electron does by default).
    cachePath: path.join(REPO, '.vscode-test'),
    extensionDevelopmentPath: REPO,
    extensionTestsPath: path.join(REPO, 'out', 'vscode', 'suite', 'index'),
    extensionTestsEnv: { CONVOX_VSCODE_RESULTS: results, ...(process.env.CONVOX_VSCODE_GREP ? { CONVOX_VSCODE_GREP: process.env.CONVOX_VSCODE_GREP } : {}) },
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--user-data-dir', path.join(root, 'user-data')],
  });
} catch (error) {
  if (error instanceof TestRunFailedError) console.error(`[vscode-test] ${error.message}`);
  else console.error(`[vscode-test] VS Code ${VSCODE_VERSION} could not be downloaded or run: ${error?.message ?? error}`);
  if (!(error instanceof TestRunFailedError)) console.error('[vscode-test] Where VS Code cannot be downloaded, use `npm run test:vscode` (code-server).');
}
try {
  summary = JSON.parse(fs.readFileSync(results, 'utf8'));
} catch {
  summary = undefined;
}
fs.rmSync(root, { recursive: true, force: true });
const ok = code === 0 && summary && summary.failed === 0 && summary.passed > 0;
console.log(`vscode: ${summary?.passed ?? 0} passed, ${summary?.failed || (ok ? 0 : 1)} failed`);
process.exit(ok ? 0 : 1);
