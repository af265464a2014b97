// The extension passes `convox.*` settings to the server as they change.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, open, setConvoxSetting, waitForCode, waitForDiagnostics } from './helpers';

describe('settings', () => {
  let manifest: vscode.TextDocument;
  let restore: (() => Promise<void>) | undefined;
  before(async () => {
    manifest = await open('convox.yml');
  });
  afterEach(async () => {
    await restore?.();
    restore = undefined;
  });

  const has = (list: vscode.Diagnostic[], code: string) => list.some((d) => codeOf(d) === code);

  it('"convox.rules": {"missing-health": "off"} turns the rule off, and only that rule', async () => {
    await waitForCode(manifest, 'missing-health', 'web');
    restore = await setConvoxSetting('rules', { 'missing-health': 'off' });
    await waitForDiagnostics(manifest.uri, (list) => !has(list, 'missing-health') && has(list, 'unknown-key') && has(list, 'undefined-resource'), 'missing-health to be gone, the rest to stay');
    await restore();
    restore = undefined;
    await waitForCode(manifest, 'missing-health', 'web');
  });

  it('"convox.rules": {"unknown-key": "error"} changes the severity', async () => {
    restore = await setConvoxSetting('rules', { 'unknown-key': 'error' });
    const [diagnostic] = await waitForDiagnostics(
      manifest.uri,
      (list) => list.some((d) => codeOf(d) === 'unknown-key' && d.severity === vscode.DiagnosticSeverity.Error),
      'unknown-key to be an error',
    ).then((list) => list.filter((d) => codeOf(d) === 'unknown-key'));
    assert.equal(manifest.getText(diagnostic.range), 'enviroment');
  });

  it('"convox.validate.enable": false clears the problems', async () => {
    restore = await setConvoxSetting('validate.enable', false);
    await waitForDiagnostics(manifest.uri, (list) => list.length === 0, 'no diagnostics');
    await restore();
    restore = undefined;
    await waitForCode(manifest, 'unknown-key', 'enviroment');
  });
});
