// "Convox: Convert docker-compose to convox.yml" and "Convox: Convert Procfile to convox.yml". The conversion runs in
// the language server (the `convox.convert` command); this file picks the source, shows the result beside it (or as
// a diff against an existing convox.yml), writes convox.yml only when asked, and prints the report.
import { commands, ExtensionContext, OutputChannel, TextDocument, Uri, ViewColumn, window, workspace } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

type Kind = 'compose' | 'procfile';

interface Note {
  path: string;
  file?: string;
  line: number;
  range: { start: { line: number; character: number } };
  kind: 'converted-approximately' | 'dropped' | 'manual-step';
  message: string;
}

interface Result {
  manifest: string;
  report: Note[];
  error?: string;
}

const COMPOSE_NAME = /^(docker-)?compose.*\.ya?ml$/i;
const PROCFILE_NAME = /^Procfile([.-][\w.-]*)?$/i;

export function registerConvertCommands(context: ExtensionContext, client: () => LanguageClient | undefined): void {
  const output = window.createOutputChannel('Convox Conversion');
  context.subscriptions.push(
    output,
    commands.registerCommand('convox.convertCompose', (uri?: Uri) => convert('compose', uri, client(), output)),
    commands.registerCommand('convox.convertProcfile', (uri?: Uri) => convert('procfile', uri, client(), output)),
  );
}

function baseName(uri: Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

function folderOf(uri: Uri): Uri | undefined {
  return uri.scheme === 'untitled' ? undefined : Uri.joinPath(uri, '..');
}

async function exists(uri: Uri): Promise<boolean> {
  try {
    await workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** The file to convert: the one clicked, the active editor's, or one picked from the workspace. */
async function sourceFor(kind: Kind, given: Uri | undefined): Promise<Uri | undefined> {
  if (given) return given;
  const pattern = kind === 'compose' ? COMPOSE_NAME : PROCFILE_NAME;
  const active = window.activeTextEditor?.document.uri;
  if (active && pattern.test(baseName(active))) return active;
  const glob = kind === 'compose' ? '**/{docker-compose,compose}*.{yml,yaml}' : '**/Procfile*';
  const found = await workspace.findFiles(glob, '**/node_modules/**', 50);
  if (!found.length) {
    void window.showWarningMessage(kind === 'compose' ? 'No docker-compose file found in the workspace.' : 'No Procfile found in the workspace.');
    return undefined;
  }
  if (found.length === 1) return found[0];
  const picked = await window.showQuickPick(
    found.map((uri) => ({ label: workspace.asRelativePath(uri), uri })),
    { placeHolder: kind === 'compose' ? 'docker-compose file to convert' : 'Procfile to convert' },
  );
  return picked?.uri;
}

/** Converts and shows the result; resolves to the URI of the converted (untitled) document, if any. */
async function convert(kind: Kind, given: Uri | undefined, client: LanguageClient | undefined, output: OutputChannel): Promise<Uri | undefined> {
  if (!client) {
    void window.showErrorMessage('The Convox language server is not running: run "Convox: Restart Language Server" and try again.');
    return;
  }
  const source = await sourceFor(kind, given);
  if (!source) return;
  const document = await workspace.openTextDocument(source);
  const folder = folderOf(source);
  let appJsonText: string | undefined;
  // In Restricted Mode nothing but the open file is read (package.json capabilities.untrustedWorkspaces).
  if (kind === 'procfile' && folder && workspace.isTrusted) {
    const appJson = Uri.joinPath(folder, 'app.json');
    if (await exists(appJson)) appJsonText = new TextDecoder().decode(await workspace.fs.readFile(appJson));
  }
  let result: Result;
  try {
    result = await client.sendRequest<Result>('workspace/executeCommand', {
      command: 'convox.convert',
      arguments: [{ uri: source.toString(), text: document.getText(), appJsonText }],
    });
  } catch (error) {
    void window.showErrorMessage(`Converting ${baseName(source)} failed: ${(error as Error).message}`);
    return;
  }
  showReport(output, source, result);
  if (result.error !== undefined) {
    void window.showErrorMessage(`${baseName(source)} was not converted: ${result.error}`, 'Show Report').then((choice) => choice && output.show());
    return;
  }

  const converted = await workspace.openTextDocument({ language: 'convox', content: result.manifest });
  const target = folder && Uri.joinPath(folder, 'convox.yml');
  const summary = `${baseName(source)} converted with ${result.report.length} note${result.report.length === 1 ? '' : 's'} (see the "Convox Conversion" output).`;
  if (folder && target && (await exists(target))) {
    await commands.executeCommand('vscode.diff', target, converted.uri, `convox.yml ↔ converted from ${baseName(source)}`, { viewColumn: ViewColumn.Beside, preview: false });
    const choice = await window.showWarningMessage(
      `convox.yml already exists in ${workspace.asRelativePath(folder)}. Replace it with the manifest converted from ${baseName(source)}?`,
      { modal: true, detail: `${summary} The diff shows what would change; nothing is written unless you choose.` },
      'Overwrite convox.yml',
      'Save As...',
    );
    if (choice === 'Overwrite convox.yml') await save(converted.getText(), target);
    else if (choice === 'Save As...') await saveAs(converted.getText(), Uri.joinPath(folder, 'convox.converted.yml'));
    return converted.uri;
  }
  await window.showTextDocument(converted, { viewColumn: ViewColumn.Beside, preview: false });
  // Not awaited: the command is done once the result is shown; saving is up to the user, whenever they choose.
  void window.showInformationMessage(summary, target ? 'Save as convox.yml' : 'Save As...', 'Show Report').then((choice) => offerSave(choice, converted, target, folder, output));
  return converted.uri;
}

async function offerSave(choice: string | undefined, converted: TextDocument, target: Uri | undefined, folder: Uri | undefined, output: OutputChannel): Promise<void> {
  if (choice === 'Show Report') output.show();
  else if (choice === 'Save as convox.yml' && target && folder) {
    // Checked again: the file may have been created while the message was open.
    if (await exists(target)) {
      const overwrite = await window.showWarningMessage(`convox.yml now exists in ${workspace.asRelativePath(folder)}. Overwrite it?`, { modal: true }, 'Overwrite convox.yml');
      if (overwrite !== 'Overwrite convox.yml') return;
    }
    const text = converted.getText();
    // The untitled copy is no longer needed: close it without a "save changes?" prompt.
    await window.showTextDocument(converted, { viewColumn: ViewColumn.Beside });
    await commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await save(text, target);
  } else if (choice === 'Save As...') await saveAs(converted.getText(), undefined);
}

async function save(text: string, target: Uri): Promise<void> {
  await workspace.fs.writeFile(target, new TextEncoder().encode(text));
  await window.showTextDocument(target, { viewColumn: ViewColumn.Beside, preview: false });
}

async function saveAs(text: string, suggested: Uri | undefined): Promise<void> {
  const target = await window.showSaveDialog({ defaultUri: suggested, filters: { YAML: ['yml', 'yaml'] }, saveLabel: 'Save convox.yml' });
  if (target) await save(text, target);
}

function showReport(output: OutputChannel, source: Uri, result: Result): void {
  const name = workspace.asRelativePath(source);
  output.clear();
  output.appendLine(`Converting ${name} to convox.yml`);
  for (const note of result.report) {
    output.appendLine(`${note.file ?? name}:${note.line}:${note.range.start.character + 1}: ${note.kind} ${note.message}${note.path ? ` [${note.path}]` : ''}`);
  }
  const count = (kind: Note['kind']) => result.report.filter((note) => note.kind === kind).length;
  output.appendLine(`${result.report.length} notes: ${count('converted-approximately')} converted approximately, ${count('dropped')} dropped, ${count('manual-step')} manual steps.`);
  output.show(true);
}
