#!/usr/bin/env node
// UI smoke run: installs the packaged extension (convox-yml.vsix) into a real VS Code (code-server, headless
// Debian Chromium), opens the example workspace (test/vscode/workspace) and does what a person would: waits for
// the squiggles, hovers a warning, opens the quick-fix menu and applies the fix, opens the Problems panel, runs
// "Convert docker-compose to convox.yml". Each step is checked on screen and saved as docs/images/<name>.png.
//
//   npm run screenshots          (packages the extension first)
//
// Exits 1 when a step does not show what it should; the screenshots taken so far are kept.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkSystem, createSandbox, ensureRuntime, installExtension, launchBrowser, log, REPO, startCodeServer, withCleanup, workbenchUrl } from './runtime.mjs';

const OUT = path.join(REPO, 'docs', 'images');
const VSIX = path.join(REPO, 'convox-yml.vsix');
const STEP_TIMEOUT = 30_000;

async function main() {
  const started = Date.now();
  if (!fs.existsSync(VSIX)) throw new Error('convox-yml.vsix is missing: run `npm run package` (npm run screenshots does)');
  checkSystem();
  ensureRuntime();
  fs.mkdirSync(OUT, { recursive: true });

  return withCleanup(async (onCleanup) => {
    const sandbox = createSandbox(path.join(REPO, 'test', 'vscode', 'workspace'), {
      name: 'my-app',
      settings: {
        'workbench.colorTheme': 'Default Dark Modern',
        'editor.fontSize': 14,
        'editor.hover.delay': 100,
        'workbench.activityBar.location': 'default',
        'breadcrumbs.enabled': false,
        'workbench.editor.enablePreview': false,
        'files.exclude': { '.vscode': true },
      },
    });
    onCleanup(() => sandbox.dispose());
    installExtension(sandbox, VSIX);
    const server = await startCodeServer(sandbox);
    onCleanup(() => server.stop());
    const browser = await launchBrowser(sandbox, { width: 1280, height: 760 });
    onCleanup(() => browser.close());
    const page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(STEP_TIMEOUT);

    const saved = [];
    const shot = async (name, options = {}) => {
      await page.waitForTimeout(400); // let animations settle
      const file = path.join(OUT, `${name}.png`);
      await page.screenshot({ path: file, ...options });
      saved.push(path.relative(REPO, file));
      log(`${name}.png (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    };
    const step = async (what, fn) => {
      try {
        await fn();
      } catch (error) {
        const failed = path.join(REPO, 'out', 'screenshot-failed.png');
        await page.screenshot({ path: failed }).catch(() => {});
        log(`what the page showed: ${path.relative(REPO, failed)}`);
        throw new Error(`${what}: ${error.message.split('\n').slice(0, 3).join(' ')}`);
      }
    };
    /** Presses `key` until the quick input shows (the first press can land while focus is still moving). */
    const quickInput = async (key) => {
      const input = page.locator('.quick-input-widget input');
      for (let attempt = 1; ; attempt++) {
        await page.keyboard.press(key);
        try {
          await input.waitFor({ state: 'visible', timeout: 5_000 });
          return input;
        } catch (error) {
          if (attempt === 3) throw error;
        }
      }
    };
    const quickOpen = async (file) => {
      await (await quickInput('Control+P')).fill(file);
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(file) }).first();
      await row.waitFor();
      await row.click();
      await page.locator(`.tab.active[aria-label^="${path.basename(file)}"]`).waitFor();
    };
    const runCommand = async (title) => {
      await (await quickInput('F1')).fill(`>${title}`);
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
      await row.waitFor();
      await row.click();
    };
    /** The editor text span holding `text` (first match in the visible lines). */
    const token = (text) => page.locator('.monaco-editor .view-lines .view-line span span', { hasText: new RegExp(`^${text}$`) }).first();

    await step('open the workbench', async () => {
      await page.goto(workbenchUrl(server, sandbox.workspace));
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await page.locator('.explorer-folders-view').waitFor({ timeout: 60_000 });
    });

    await step('open convox.yml and wait for the squiggles', async () => {
      await quickOpen('convox.yml');
      await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 60_000 });
      await page.locator('.monaco-editor .squiggly-error').first().waitFor();
    });

    await step('hover the misspelt key', async () => {
      await token('enviroment').hover();
      const hover = page.locator('.monaco-hover:visible', { hasText: 'Did you mean "environment"?' });
      await hover.waitFor();
      await shot('hover');
    });

    await step('open the quick-fix menu', async () => {
      await page.mouse.move(5, 5);
      await token('enviroment').click();
      await page.keyboard.press('Control+.');
      await page.locator('.action-widget', { hasText: 'Change to "environment"' }).waitFor();
      await shot('quick-fix');
    });

    await step('apply the quick fix', async () => {
      await page.locator('.action-widget .monaco-list-row', { hasText: 'Change to "environment"' }).first().click();
      await token('environment').waitFor();
      if (await token('enviroment').count()) throw new Error('the key was not renamed');
    });

    await step('open the Problems panel', async () => {
      await page.keyboard.press('Control+Shift+M');
      const markers = page.locator('.markers-panel .monaco-list-row');
      await markers.first().waitFor();
      await page.locator('.markers-panel', { hasText: 'missing-health' }).waitFor();
      await shot('problems');
    });

    await step('run "Convert docker-compose to convox.yml"', async () => {
      await page.keyboard.press('Control+J'); // hide the panel again
      await page.locator('.markers-panel').waitFor({ state: 'hidden' });
      await quickOpen('docker-compose.yml');
      await runCommand('Convert docker-compose to convox.yml');
      // The result opens beside the compose file (a new, unsaved convox document), the report in the Output panel.
      await page.locator('.monaco-editor .view-lines', { hasText: 'Converted from docker-compose.yml' }).first().waitFor();
      await shot('convert');
    });

    return saved;
  });
}

main().then(
  (saved) => {
    log(`saved ${saved.join(', ')}`);
  },
  (error) => {
    log(`error: ${error.message}`);
    process.exit(1);
  },
);
