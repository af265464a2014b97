// What the server's converter does: `convox.convert` and the conversion report on open compose files. The server
// loads this module the first time a compose file or Procfile needs it (in the extension, from a bundle of its own,
// dist/server-convert.js): a session that only edits convox.yml never compiles the converter.
import * as path from 'node:path';
import type { ConvoxDiagnostic } from '../diagnostics/rule';
import { sizeLimit } from '../limits';
import type { ConvoxSettings } from '../settings';
import { filePathOf, WorkspaceFiles } from '../workspace/files';
import { baseNameOf, ConvertArguments, isProcfileName } from './command';
import { convertCompose } from './compose';
import { conversionDiagnostics } from './diagnostics';
import { convertProcfile } from './procfile';
import type { ConversionResult, ReadFile } from './types';

/** A reader for files relative to the one at `uri`, inside the workspace (none for untitled or untrusted files). */
export function readerFor(uri: string, workspace: WorkspaceFiles | undefined): ReadFile | undefined {
  const file = filePathOf(uri);
  if (!file || !workspace) return undefined;
  return (relative) => workspace.read(path.resolve(path.dirname(file), relative));
}

export function convertDocument(args: ConvertArguments, workspace: WorkspaceFiles | undefined): ConversionResult & { kind: 'compose' | 'procfile' } {
  const name = baseNameOf(args.uri) || 'docker-compose.yml';
  const readFile = readerFor(args.uri, workspace);
  const tooLarge = sizeLimit(args.text, { consequence: 'it is not converted' });
  if (tooLarge) return { kind: isProcfileName(name) ? 'procfile' : 'compose', manifest: '', report: [], mapped: [], error: tooLarge.message };
  if (isProcfileName(name)) {
    const appJson = args.appJsonText ?? readFile?.('app.json');
    return { kind: 'procfile', ...convertProcfile(args.text, appJson, { fileName: name }) };
  }
  return { kind: 'compose', ...convertCompose(args.text, { fileName: name, readFile }) };
}

/** The conversion report of an open compose document, as diagnostics. */
export function composeDocumentDiagnostics(uri: string, text: string, settings: ConvoxSettings, workspace: WorkspaceFiles | undefined): ConvoxDiagnostic[] {
  return conversionDiagnostics(baseNameOf(uri), text, settings, readerFor(uri, workspace));
}
