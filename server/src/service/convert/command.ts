import { isComposeName } from '../files';

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

/** True for the documents whose conversion report is published as diagnostics. */
export function isComposeDocument(uri: string, languageId?: string): boolean {
  return languageId === 'dockercompose' || isComposeName(baseNameOf(uri));
}
