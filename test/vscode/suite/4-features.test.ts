// Completion and hover from the language server, through VS Code's provider commands.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { open, rangeOf, restore, waitForCode } from './helpers';

function labels(list: vscode.CompletionList | undefined): string[] {
  return (list?.items ?? [])
    .filter((item) => item.kind !== vscode.CompletionItemKind.Text) // word-based suggestions, not the server's
    .map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
}

function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? [])
    .flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value)))
    .join('\n');
}

describe('completion and hover', () => {
  let document: vscode.TextDocument;
  let original: string;
  before(async () => {
    document = await open('features', 'convox.yml');
    original = document.getText();
    await waitForCode(document, 'containerized-resource', 'postgres'); // the server has the file
  });
  afterEach(async () => {
    await restore(document, original);
  });

  it('completes the keys a service can still take, not those it has', async () => {
    const after = rangeOf(document, '      - database').end;
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, after, '\n    ');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(after.line + 1, 4));
    const keys = labels(list);
    for (const key of ['environment', 'scale', 'command', 'domain']) assert.ok(keys.includes(key), `"${key}" not offered; got ${JSON.stringify(keys)}`);
    for (const key of ['build', 'port', 'health', 'resources']) assert.ok(!keys.includes(key), `"${key}" is already there but offered`);
  });

  it('inserts a key as a snippet over the word typed, and documents it when shown', async () => {
    const after = rangeOf(document, '      - database').end;
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, after, '\n    sca');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const position = new vscode.Position(after.line + 1, 7);
    // The last argument asks VS Code to resolve the first items, as it does for the ones it shows.
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position, undefined, 100);
    const scale = list.items.find((item) => item.label === 'scale');
    assert.ok(scale, `"scale" not offered; got ${JSON.stringify(labels(list))}`);
    assert.ok(scale.insertText instanceof vscode.SnippetString, 'inserted as a snippet');
    assert.equal(scale.insertText.value, 'scale: $0');
    const range = scale.range instanceof vscode.Range ? scale.range : scale.range?.replacing;
    assert.ok(range?.isEqual(new vscode.Range(after.line + 1, 4, after.line + 1, 7)), `replaces "sca": ${JSON.stringify(range)}`);
    const documentation = scale.documentation instanceof vscode.MarkdownString ? scale.documentation.value : scale.documentation;
    assert.match(documentation ?? '', /docs\.convox\.com/);
  });

  it('completes resource types', async () => {
    const position = rangeOf(document, 'postgres').start;
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
    const types = labels(list);
    for (const type of ['postgres', 'redis', 'mysql']) assert.ok(types.includes(type), `"${type}" not offered; got ${JSON.stringify(types)}`);
  });

  it('hover on a key shows its documentation', async () => {
    const position = rangeOf(document, 'health:').start.translate(0, 2);
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position));
    assert.match(text, /health/i);
    assert.match(text, /\/health|path/);
  });

  it('hover on a resource link lists the variables it injects', async () => {
    const position = rangeOf(document, '- database').start.translate(0, 4);
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position));
    assert.match(text, /DATABASE_URL/);
  });
});
