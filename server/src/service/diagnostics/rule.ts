import type { Diagnostic, DiagnosticRelatedInformation } from 'vscode-languageserver-types';
import type { ManifestDocument } from '../document';
import type { ConvoxSettings } from '../settings';
import type { WorkspaceFiles } from '../workspace/files';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A diagnostic code: stable, documented in docs/rules/<code>.md, with a default severity users can override. */
export interface RuleInfo {
  code: string;
  severity: Severity;
  /** One line for settings, docs index and SARIF rule metadata. */
  title: string;
}

export const DOCS_BASE = 'https://github.com/convox-yml/convox-yml/blob/main/docs/rules/';

export function docsUrl(code: string): string {
  return `${DOCS_BASE}${code}.md`;
}

/** Where a finding is: a YAML node (its value range) or explicit offsets. */
export type Location = { start: number; end: number };

export interface Finding {
  code: string;
  location: Location;
  message: string;
  /** Severity for this finding when it differs from the rule's default (e.g. a note-level variant). */
  severity?: Severity;
  /** Payload quick fixes read (kept opaque to the client). */
  data?: unknown;
  related?: DiagnosticRelatedInformation[];
  unnecessary?: boolean;
}

export interface CheckContext {
  readonly document: ManifestDocument;
  readonly settings: ConvoxSettings;
  /** Read access to the workspace for checks that look past the manifest; absent when they must not (untrusted, not a file). */
  readonly workspace?: WorkspaceFiles;
  report(finding: Finding): void;
}

/** One check: a small function over the parsed manifest that reports findings under the codes it declares. */
export interface Check {
  rules: RuleInfo[];
  run(context: CheckContext): void;
}

export type ConvoxDiagnostic = Diagnostic & { code: string };
