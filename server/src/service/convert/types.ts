import type { Range } from 'vscode-languageserver-types';

/**
 * What the conversion could not carry over exactly:
 * - `converted-approximately`: written to convox.yml, but Convox does something slightly different;
 * - `dropped`: not written, and nothing is needed (or possible) in its place;
 * - `manual-step`: not written, or written incompletely: you have to do something (set a value, edit a file).
 */
export type NoteKind = 'converted-approximately' | 'dropped' | 'manual-step';

export const NOTE_KINDS: readonly NoteKind[] = ['converted-approximately', 'dropped', 'manual-step'];

export interface ConversionNote {
  /** The source key path, e.g. `services.web.ports[1]` or `web` (a Procfile process type). */
  path: string;
  /** The file the note is about when it is not the converted file (an override file, env file or app.json). */
  file?: string;
  /** 1-based line of `range.start`, for people and the text report. */
  line: number;
  /** Where in that file (0-based LSP positions). */
  range: Range;
  kind: NoteKind;
  message: string;
}

export interface ConversionResult {
  /** The convox.yml text (empty when `error` is set). */
  manifest: string;
  report: ConversionNote[];
  /** Set when the source could not be converted at all (e.g. a YAML syntax error); the report says where. */
  error?: string;
  /**
   * Source key paths the converter carried over (fully, or item by item with notes for the items it could not).
   * Together with the report this accounts for every key of the source.
   */
  mapped: string[];
}

/** Reads a file next to the converted one; `path` is as written in the source (relative to its folder). */
export type ReadFile = (path: string) => string | undefined;

export interface ComposeOptions {
  /** The compose file name or path (for the header and to resolve relative paths). */
  fileName: string;
  /** Reads env files, `extends.file` and override files; without it those are reported as manual steps. */
  readFile?: ReadFile;
  /**
   * Files merged over this one as `docker compose -f <file> -f <override>...` does. Default: the
   * `docker-compose.override.yml` / `compose.override.yaml` beside the file, when `readFile` finds one.
   */
  overrides?: string[];
  /** Profiles to treat as active (`docker compose --profile`): their services run; other profiled services get scale 0. */
  profiles?: string[];
  /** Only the report is wanted (the compose file's diagnostics, on every keystroke): the manifest is left empty. */
  reportOnly?: boolean;
}

export interface ProcfileOptions {
  fileName?: string;
  appJsonFileName?: string;
}
