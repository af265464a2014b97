// Shared by the VS Code suites: the fixture workspace, waiting for the language server's diagnostics, and
// putting edited documents back.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'convox-yml.convox-yml';

/** The copy of test/vscode/workspace the runner opened (tests may edit it). */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'VS Code was started without the fixture workspace folder');
  return folder.uri;
}

export function fixture(...segments: string[]): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...segments);
}

export async function open(...segments: string[]): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(fixture(...segments));
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns something other than undefined; on timeout fails with `describe()`. */
export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, what: () => string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`Timed out after ${timeoutMs} ms waiting for ${what()}`);
    await sleep(50);
  }
}

/** The diagnostic's code as a string (the server sends codes with a codeDescription link, which VS Code wraps). */
export function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return String(typeof code === 'object' ? code.value : code);
}

export function describeDiagnostics(uri: vscode.Uri): string {
  const list = vscode.languages.getDiagnostics(uri);
  if (!list.length) return `${vscode.workspace.asRelativePath(uri)}: no diagnostics`;
  return `${vscode.workspace.asRelativePath(uri)}:\n${list
    .map((d) => `  ${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} [${codeOf(d)}] ${d.message.slice(0, 100)}`)
    .join('\n')}`;
}

/** Waits until the diagnostics of `uri` satisfy `accept` and returns them. */
export function waitForDiagnostics(uri: vscode.Uri, accept: (list: vscode.Diagnostic[]) => boolean, what: string, timeoutMs = 20_000): Promise<vscode.Diagnostic[]> {
  return waitFor(
    () => {
      const list = vscode.languages.getDiagnostics(uri);
      return accept(list) ? list : undefined;
    },
    () => `${what}; now:\n${describeDiagnostics(uri)}`,
    timeoutMs,
  );
}

/** Waits for a diagnostic with `code` (and, when given, exactly underlining `text`) and returns it. */
export async function waitForCode(document: vscode.TextDocument | vscode.Uri, code: string, text?: string, timeoutMs?: number): Promise<vscode.Diagnostic> {
  const uri = document instanceof vscode.Uri ? document : document.uri;
  const match = (d: vscode.Diagnostic) => codeOf(d) === code && (text === undefined || !('getText' in document) || document.getText(d.range) === text);
  const list = await waitForDiagnostics(uri, (all) => all.some(match), `a [${code}] diagnostic${text ? ` on "${text}"` : ''}`, timeoutMs);
  return list.find(match)!;
}

/** Waits until no diagnostic of `uri` has `code`. */
export async function waitForNoCode(uri: vscode.Uri, code: string, timeoutMs?: number): Promise<vscode.Diagnostic[]> {
  return waitForDiagnostics(uri, (all) => !all.some((d) => codeOf(d) === code), `no [${code}] diagnostic`, timeoutMs);
}

/** The range of the `occurrence`-th (0-based) `text` in the document. */
export function rangeOf(document: vscode.TextDocument, text: string, occurrence = 0): vscode.Range {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = document.getText().indexOf(text, at + 1);
    assert.ok(at >= 0, `"${text}" (#${occurrence}) not found in ${document.uri.path}`);
  }
  return new vscode.Range(document.positionAt(at), document.positionAt(at + text.length));
}

/**
 * Puts an edited document back: reverts it to the file on disk, and if that is not `original` (the file was saved
 * in between), writes `original` back and saves it.
 */
export async function restore(document: vscode.TextDocument, original: string): Promise<void> {
  if (document.isDirty) {
    await vscode.window.showTextDocument(document, { preview: false });
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor(() => (document.isDirty ? undefined : true), () => `${document.uri.path} to be reverted`, 5_000);
  }
  if (document.getText() === original) return;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), original);
  assert.ok(await vscode.workspace.applyEdit(edit));
  assert.ok(await document.save(), `${document.uri.path} could not be saved`);
}

/** The quick fixes the language server offers for `diagnostic`, through VS Code's code action command. */
export async function quickFixes(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    document.uri,
    diagnostic.range,
    vscode.CodeActionKind.QuickFix.value,
  );
  // A bare Command has a string `command`; a CodeAction has `edit` and/or a Command object.
  return (actions ?? []).filter((action): action is vscode.CodeAction => typeof action.command !== 'string');
}

/** Updates a `convox.*` setting for the workspace and returns a function that restores it. */
export async function setConvoxSetting(key: string, value: unknown): Promise<() => Promise<void>> {
  const configuration = vscode.workspace.getConfiguration('convox');
  const before = configuration.inspect(key)?.workspaceValue;
  await configuration.update(key, value, vscode.ConfigurationTarget.Workspace);
  return async () => {
    await vscode.workspace.getConfiguration('convox').update(key, before, vscode.ConfigurationTarget.Workspace);
  };
}
