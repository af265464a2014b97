import * as path from 'node:path';
import type { ConvoxDiagnostic } from '../diagnostics/rule';
import { isComposeName } from '../files';
import { sizeLimit } from '../limits';
import type { ConvoxSettings } from '../settings';
import { filePathOf, WorkspaceFiles } from '../workspace/files';
import { convertCompose } from './compose';
import { conversionDiagnostics } from './diagnostics';
import { convertProcfile } from './procfile';
import type { ConversionResult, ReadFile } from './types';

/**
 * The `convox.convert` LSP command (`workspace/executeCommand`): converts a docker-compose file or a Procfile the
 * client sends (with its unsaved text) and returns `{ manifest, report }`. Files next to it (env files, override
 * files, app.json) are read only from a trusted workspace.
 */
export const CONVERT_COMMAND = 'convox.convert';

/** `Procfile`, `Procfile.dev`, `Procfile.windows`. */
export function isProcfileName(name: string): boolean {
  return /^Procfile([.-][\w.-]*)?$/i.test(name);
}

/** The last segment of a URI or path, decoded. */
export function baseNameOf(uriOrPath: string): string {
  const clean = uriOrPath.split(/[?#]/)[0];
  const name = clean.slice(Math.max(clean.lastIndexOf('/'), clean.lastIndexOf('\\')) + 1);
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

export interface ConvertArguments {
  uri: string;
  text: string;
  /** app.json for a Procfile; read from beside the Procfile when absent. */
  appJsonText?: string;
}

/** Reads `[{uri, text, appJsonText?}]` or `[uri, text]`; undefined when the arguments are not that. */
export function convertArguments(args: unknown[] | undefined): ConvertArguments | undefined {
  const [first, second] = args ?? [];
  if (typeof first === 'string' && typeof second === 'string') return { uri: first, text: second };
  if (first && typeof first === 'object') {
    const { uri, text, appJsonText } = first as Record<string, unknown>;
    if (typeof uri === 'string' && typeof text === 'string') return { uri, text, appJsonText: typeof appJsonText === 'string' ? appJsonText : undefined };
  }
  return undefined;
}

/** A reader for files relative to the one at `uri`, inside the workspace (none for untitled or untrusted files). */
export function readerFor(uri: string, workspace: WorkspaceFiles | undefined): ReadFile | undefined {
  const file = filePathOf(uri);
  if (!file || !workspace) return undefined;
  return (relative) => workspace.read(path.resolve(path.dirname(file), relative));
}

export function convertDocument(args: ConvertArguments, workspace: WorkspaceFiles | undefined): ConversionResult & { kind: 'compose' | 'procfile' } {
  const name = baseNameOf(args.uri) || 'docker-compose.yml';
  const readFile = readerFor(args.uri, workspace);
  const tooLarge = sizeLimit(args.text, 'it is not converted');
  if (tooLarge) return { kind: isProcfileName(name) ? 'procfile' : 'compose', manifest: '', report: [], mapped: [], error: tooLarge.message };
  if (isProcfileName(name)) {
    const appJson = args.appJsonText ?? readFile?.('app.json');
    return { kind: 'procfile', ...convertProcfile(args.text, appJson, { fileName: name }) };
  }
  return { kind: 'compose', ...convertCompose(args.text, { fileName: name, readFile }) };
}

/** True for the documents whose conversion report is published as diagnostics. */
export function isComposeDocument(uri: string, languageId?: string): boolean {
  return languageId === 'dockercompose' || isComposeName(baseNameOf(uri));
}

/** The conversion report of an open compose document, as diagnostics. */
export function composeDocumentDiagnostics(uri: string, text: string, settings: ConvoxSettings, workspace: WorkspaceFiles | undefined): ConvoxDiagnostic[] {
  return conversionDiagnostics(baseNameOf(uri), text, settings, readerFor(uri, workspace));
}
