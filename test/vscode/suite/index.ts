// Entry point VS Code loads as `extensionTestsPath` (desktop through @vscode/test-electron, or code-server
// through runner/code-server.mjs): runs every suite/*.test.js with mocha inside the extension host.
//
// CI cannot read mocha's summary from inside VS Code: when CONVOX_VSCODE_RESULTS names a file, the counts are
// written there for the runner to print as the closing `N passed, N failed` line; otherwise that line is printed here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export interface SuiteResults {
  passed: number;
  failed: number;
  pending: number;
  failures: { title: string; error: string }[];
  durationMs: number;
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec' });
  if (process.env.CONVOX_VSCODE_GREP) mocha.grep(process.env.CONVOX_VSCODE_GREP);
  const files = fs.readdirSync(__dirname).filter((file) => file.endsWith('.test.js')).sort();
  for (const file of files) mocha.addFile(path.join(__dirname, file));

  const started = Date.now();
  console.log(`convox-yml VS Code suite: ${files.length} files, VS Code ${vscode.version} (${vscode.env.appHost}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'} UI), Node ${process.version}`);
  return new Promise((resolve, reject) => {
    const failures: SuiteResults['failures'] = [];
    let runner: Mocha.Runner;
    try {
      runner = mocha.run(() => {
        const stats = runner.stats ?? { passes: 0, failures: failures.length, pending: 0 };
        const results: SuiteResults = {
          passed: stats.passes,
          failed: stats.failures,
          pending: stats.pending,
          failures,
          durationMs: Date.now() - started,
        };
        // The runners print the closing `N passed, N failed` line themselves (last); any other harness gets it here.
        if (process.env.CONVOX_VSCODE_RESULTS) fs.writeFileSync(process.env.CONVOX_VSCODE_RESULTS, JSON.stringify(results, null, 2));
        else console.log(`vscode: ${results.passed} passed, ${results.failed} failed`);
        if (results.failed > 0) reject(new Error(`${results.failed} VS Code test(s) failed.`));
        else resolve();
      });
      runner.on('fail', (test, error) => failures.push({ title: test.fullTitle(), error: String(error?.message ?? error) }));
    } catch (error) {
      reject(error);
    }
  });
}
