import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ConvoxDiagnostic } from '../diagnostics/rule';
import { toDiagnostics } from '../diagnostics/validate';
import type { ManifestDocument } from '../document';
import type { ConvoxSettings } from '../settings';
import type { WorkspaceFiles } from '../workspace/files';
import { nginxProject } from './project';

/** The codes reported in nginx files (registered, with their severities, by `checks/nginxHostHeader.ts`). */
export const NGINX_CODES = ['nginx-host-header', 'nginx-forwarded-for', 'nginx-compose-host'] as const;

/**
 * Diagnostics for the nginx files the services of `document` build into their images, by file URI, with the same
 * severity overrides and `# convox-ignore` comments (in the nginx file) as the manifest's own diagnostics. Empty
 * without workspace access.
 */
export function nginxFileDiagnostics(document: ManifestDocument, settings: ConvoxSettings, workspace: WorkspaceFiles | undefined): Map<string, ConvoxDiagnostic[]> {
  const result = new Map<string, ConvoxDiagnostic[]>();
  if (!workspace || !settings.validate.enable || NGINX_CODES.every((code) => settings.rules[code] === 'off')) return result;
  let project;
  try {
    project = nginxProject(document, settings.target, workspace);
  } catch {
    // The manifest's own validation reports the failure as internal-error.
    return result;
  }
  for (const file of project.files.values()) {
    const lines = TextDocument.create(file.uri, 'nginx', 0, file.text);
    const source = { text: file.text, range: (start: number, end: number) => ({ start: lines.positionAt(start), end: lines.positionAt(Math.max(start, end)) }) };
    result.set(file.uri, toDiagnostics(source, file.findings, settings));
  }
  return result;
}
