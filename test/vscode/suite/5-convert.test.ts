// The conversion commands: run on a fixture, then the convox.yml they produce is read back and validated, both
// as YAML here and by the language server (no errors).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import { codeOf, fixture, open, sleep, waitFor } from './helpers';

type Manifest = {
  services?: Record<string, Record<string, unknown>>;
  resources?: Record<string, { type?: string }>;
};

/**
 * Runs `command` on `source` and returns the convox.yml it produced: a new convox document (the command shows the
 * result beside the source and then waits for the user's choice in a notification, so it is not awaited), or a
 * file written next to the source.
 */
async function convert(command: string, source: string[]): Promise<vscode.TextDocument> {
  const commands = await vscode.commands.getCommands(true);
  assert.ok(commands.includes(command), `command ${command} is not registered by the extension`);
  const input = await open(...source);
  const written = fixture(...source.slice(0, -1), 'convox.yml');
  const known = new Set(vscode.workspace.textDocuments.map((document) => document.uri.toString()));
  let failure: unknown;
  void Promise.resolve(vscode.commands.executeCommand(command, input.uri)).catch((error: unknown) => (failure = error ?? 'rejected'));
  return waitFor(
    async () => {
      if (failure !== undefined) assert.fail(`${command} failed: ${failure instanceof Error ? failure.message : String(failure)}`);
      const opened = vscode.workspace.textDocuments.find((document) => document.languageId === 'convox' && !known.has(document.uri.toString()));
      if (opened) return opened;
      try {
        await vscode.workspace.fs.stat(written);
        return await vscode.workspace.openTextDocument(written);
      } catch {
        return undefined;
      }
    },
    () => `${command} to open a new convox document or write ${vscode.workspace.asRelativePath(written)}`,
    15_000,
  );
}

/** Waits until the server has the document, then returns its error diagnostics. */
async function serverErrors(document: vscode.TextDocument): Promise<string[]> {
  await waitFor(
    async () => ((await vscode.commands.executeCommand<unknown[]>('vscode.executeDocumentSymbolProvider', document.uri))?.length ? true : undefined),
    () => `the language server to see ${document.uri.toString()}`,
  );
  await sleep(1_000); // diagnostics are pushed after the document is opened; give the server time to publish
  return vscode.languages
    .getDiagnostics(document.uri)
    .filter((d) => d.severity === vscode.DiagnosticSeverity.Error)
    .map((d) => `[${codeOf(d)}] ${d.message}`);
}

describe('conversion commands', () => {
  afterEach(async () => {
    // Dismiss the command's "Save as convox.yml" notification and close its untitled result unsaved.
    await vscode.commands.executeCommand('notifications.clearAll');
    for (const editor of vscode.window.visibleTextEditors.filter((e) => e.document.isUntitled)) {
      await vscode.window.showTextDocument(editor.document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('"Convert docker-compose to convox.yml" (convox.convertCompose) produces a valid convox.yml', async () => {
    const output = await convert('convox.convertCompose', ['compose-app', 'docker-compose.yml']);
    assert.equal(output.languageId, 'convox');
    const manifest = parse(output.getText()) as Manifest;
    const web = manifest.services?.web;
    assert.ok(web, `no service "web" in:\n${output.getText()}`);
    assert.equal(web.build, '.');
    assert.equal(Number(web.port), 3000);
    assert.ok(Array.isArray(web.environment) && web.environment.includes('RAILS_ENV=production'), `environment: ${JSON.stringify(web.environment)}`);
    assert.equal(web.depends_on, undefined);
    assert.equal(web.ports, undefined);
    // The postgres container becomes a resource the web service links to.
    const database = Object.entries(manifest.resources ?? {}).find(([, body]) => /postgres/.test(String(body?.type)));
    assert.ok(database, `no postgres resource in:\n${output.getText()}`);
    assert.ok(Array.isArray(web.resources) && web.resources.includes(database[0]), `web.resources: ${JSON.stringify(web.resources)}`);
    assert.deepEqual(await serverErrors(output), []);
  });

  it('"convox.convertProcfile" turns each process into a service', async () => {
    const output = await convert('convox.convertProcfile', ['procfile-app', 'Procfile']);
    const manifest = parse(output.getText()) as Manifest;
    assert.match(String(manifest.services?.web?.command), /puma -C config\/puma\.rb/);
    assert.match(String(manifest.services?.worker?.command), /sidekiq/);
    assert.deepEqual(await serverErrors(output), []);
  });
});
