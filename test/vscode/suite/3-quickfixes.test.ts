// Quick fixes offered by the language server, applied through VS Code, and the text they leave.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { open, quickFixes, restore, waitForCode, waitForDiagnostics, codeOf } from './helpers';

async function applyFix(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, title: string): Promise<void> {
  const fixes = await quickFixes(document, diagnostic);
  const fix = fixes.find((action) => action.title === title);
  assert.ok(fix, `no quick fix "${title}"; offered: ${JSON.stringify(fixes.map((action) => action.title))}`);
  assert.ok(fix.edit, `quick fix "${title}" has no edit`);
  assert.ok(await vscode.workspace.applyEdit(fix.edit), `VS Code refused the edit of "${title}"`);
}

describe('quick fixes', () => {
  let manifest: vscode.TextDocument;
  let original: string;
  before(async () => {
    manifest = await open('convox.yml');
    original = manifest.getText();
  });
  afterEach(async () => {
    await restore(manifest, original);
  });

  it('Change to "environment" renames the misspelt key, and the warning goes', async () => {
    const diagnostic = await waitForCode(manifest, 'unknown-key', 'enviroment');
    await applyFix(manifest, diagnostic, 'Change to "environment"');
    assert.equal(manifest.lineAt(8).text, '    environment:');
    assert.equal(manifest.lineAt(9).text, '      - RAILS_ENV=production');
    assert.ok(!manifest.getText().includes('enviroment'));
    await waitForDiagnostics(
      manifest.uri,
      (list) => !list.some((d) => codeOf(d) === 'unknown-key') && list.some((d) => codeOf(d) === 'missing-health'),
      'the unknown-key warning to go (and the others to stay)',
    );
  });

  it('Add health: /health puts the health check after the port, and the warning goes', async () => {
    const diagnostic = await waitForCode(manifest, 'missing-health', 'web');
    await applyFix(manifest, diagnostic, 'Add health: /health');
    assert.deepEqual(
      [7, 8, 9].map((line) => manifest.lineAt(line).text),
      ['    port: 3000', '    health: /health', '    enviroment:'],
    );
    await waitForDiagnostics(
      manifest.uri,
      (list) => !list.some((d) => codeOf(d) === 'missing-health' && manifest.getText(d.range) === 'web') && list.some((d) => codeOf(d) === 'unknown-key'),
      'the missing-health warning on web to go',
    );
  });

  it('Remove "depends_on" deletes the compose key', async () => {
    const diagnostic = await waitForCode(manifest, 'compose-key', 'depends_on');
    await applyFix(manifest, diagnostic, 'Remove "depends_on"');
    assert.ok(!manifest.getText().includes('depends_on'));
    assert.equal(manifest.lineAt(manifest.lineCount - 2).text, '    health: /health');
    await waitForDiagnostics(manifest.uri, (list) => !list.some((d) => codeOf(d) === 'compose-key') && list.some((d) => codeOf(d) === 'unknown-key'), 'the compose-key warning to go');
  });
});
