import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** Applies a versioned workspace edit to one document's text, as a client would (refusing a version mismatch). */
export function applyWorkspaceEdit(text: string, uri: string, version: number, edit: WorkspaceEdit): string {
  const changes = edit.documentChanges ?? [];
  let result = text;
  for (const change of changes) {
    if (!('textDocument' in change)) throw new Error('unexpected resource operation in a quick fix');
    if (change.textDocument.uri !== uri) throw new Error(`edit for another document: ${change.textDocument.uri}`);
    if (change.textDocument.version !== version) throw new Error(`stale edit: computed for version ${change.textDocument.version}, document is at ${version}`);
    result = applyEdits(result, change.edits as TextEdit[]);
  }
  return result;
}

export function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'convox', 0, text), edits);
}
