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

/**
 * A field of the diagnostic's `data` when it has the type the check gave it. The client sends `data` back and may
 * have changed or lost it: a fix then offers nothing rather than throw or write `[object Object]` into the file.
 */
export function dataText(diagnostic: Diagnostic, field: string): string | undefined {
  const value = dataField(diagnostic, field);
  return typeof value === 'string' ? value : undefined;
}

export function dataNumber(diagnostic: Diagnostic, field: string): number | undefined {
  const value = dataField(diagnostic, field);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function dataField(diagnostic: Diagnostic, field: string): unknown {
  const data: unknown = diagnostic.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data) || !Object.prototype.hasOwnProperty.call(data, field)) return undefined;
  return (data as Record<string, unknown>)[field];
}

export function quickFix(title: string, context: FixContext, edits: TextEdit[], isPreferred = false): CodeAction {
  return { title, kind: 'quickfix', diagnostics: [context.diagnostic], edit: versionedEdit(context.document, edits), isPreferred };
}
