// The extension activates on a manifest (convox.yml, and overlay/alternative manifests such as
// convox.staging.yml) and starts its language server, whose diagnostics then appear.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { codeOf, EXTENSION_ID, open, waitFor, waitForCode } from './helpers';

/** The language server processes this extension host started (Linux: read from /proc), by pid. */
function serverProcesses(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const parent = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1];
        return Number(parent) === process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('dist/server.js');
      } catch {
        return false; // exited meanwhile
      }
    })
    .map(Number);
}

/** A process's environment variables. */
function environmentOf(pid: number): Map<string, string> {
  const entries = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
  return new Map(entries.map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));
}

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

  it('starts its server without NODE_EXTRA_CA_CERTS, which costs Node a parse of every root certificate at start', async () => {
    const saved = process.env.NODE_EXTRA_CA_CERTS;
    process.env.NODE_EXTRA_CA_CERTS = '/etc/ssl/certs/ca-certificates.crt';
    try {
      const [before] = serverProcesses();
      assert.ok(before, 'no language server process found under this extension host');
      await vscode.commands.executeCommand('convox.restartServer');
      const after = await waitFor(() => serverProcesses().find((pid) => pid !== before), () => 'the restarted language server');
      const environment = environmentOf(after);
      assert.equal(environment.get('PATH'), process.env.PATH, "the server inherits the extension host's environment");
      assert.equal(environment.has('NODE_EXTRA_CA_CERTS'), false);
      // And the restarted server works.
      const document = await open('convox.yml');
      await waitForCode(document, 'unknown-key', 'enviroment');
    } finally {
      if (saved === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
      else process.env.NODE_EXTRA_CA_CERTS = saved;
    }
  });
});
