import type { CodeAction, Diagnostic, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import type { ManifestDocument } from '../document';
import type { ConvoxSettings } from '../settings';

export interface FixContext {
  document: ManifestDocument;
  /** The diagnostic being fixed, as the client sent it back (its `data` is what the check attached). */
  diagnostic: Diagnostic;
  settings: ConvoxSettings;
}

/** Quick fixes for one or more diagnostic codes (one file per rule family, like the checks). */
export interface QuickFix {
  codes: string[];
  actions(context: FixContext): CodeAction[];
}

/**
 * Edits pinned to the document version they were computed for: a client applies them only to that version, so a
 * fix computed before the user kept typing is refused instead of corrupting the file.
 */
export function versionedEdit(document: Pick<ManifestDocument, 'uri' | 'version'>, edits: TextEdit[]): WorkspaceEdit {
  return { documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits }] };
}

export function quickFix(title: string, context: FixContext, edits: TextEdit[], isPreferred = false): CodeAction {
  return { title, kind: 'quickfix', diagnostics: [context.diagnostic], edit: versionedEdit(context.document, edits), isPreferred };
}
