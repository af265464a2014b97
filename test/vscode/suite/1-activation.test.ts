// The extension activates on a manifest (convox.yml, and overlay/alternative manifests such as
// convox.staging.yml) and starts its language server, whose diagnostics then appear.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, EXTENSION_ID, open, waitFor, waitForCode } from './helpers';

describe('activation', () => {
  it('activates on convox.yml and starts the language server', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
    const document = await open('convox.yml');
    assert.equal(document.languageId, 'convox');
    await waitFor(() => (extension.isActive ? true : undefined), () => 'the extension to activate');
    // Only the server produces coded diagnostics: one arriving proves it started and validated the file.
    await waitForCode(document, 'unknown-key', 'enviroment');
    const commands = await vscode.commands.getCommands(true);
    for (const command of ['convox.restartServer', 'convox.showOutput']) assert.ok(commands.includes(command), `command ${command} is not registered`);
  });

  it('treats an overlay manifest (convox.staging.yml) as a manifest', async () => {
    const document = await open('convox.staging.yml');
    assert.equal(document.languageId, 'convox');
    const diagnostic = await waitForCode(document, 'unknown-key', 'memmory');
    assert.match(diagnostic.message, /Did you mean "memory"\?/);
    // Its web service has a health check, unlike the one in convox.yml.
    assert.deepEqual(
      vscode.languages.getDiagnostics(document.uri).filter((d) => codeOf(d) === 'missing-health'),
      [],
    );
  });
});
