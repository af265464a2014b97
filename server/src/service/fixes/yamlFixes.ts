import type { WorkspaceEdit } from 'vscode-languageserver-types';
import { CONTROL_CHARACTERS } from '../checks/controlCharacters';
import { findUnusualLineBreaks } from '../checks/unusualLineBreaks';
import { UNUSUAL_LINE_BREAKS } from '../text/lineBreaks';
import { leadingDirectives } from '../yaml/directives';
import { ManifestDocument } from '../document';
import { eol, replace } from './edits';
import { quickFix, QuickFix, versionedEdit } from './fix';

/** Removes a directive yaml.v2 refuses, with its line: without `%YAML`, yaml.v2 reads the file as YAML 1.1 anyway. */
export const directiveFixes: QuickFix = {
  codes: ['yaml-directive'],
  actions(context) {
    const { document, diagnostic } = context;
    const start = document.offsetAt(diagnostic.range.start);
    const directive = leadingDirectives(document.text).find((found) => found.start === start);
    if (!directive) return [];
    return [quickFix(`Remove "${directive.text}"`, context, [replace(document, directive.start, directive.lineEnd, '')], true)];
  },
};

/** What follows ESC in a terminal's color and cursor codes (an ECMA-48 control sequence): `[31m`, `[0;1m`, `[2K`. */
const CONTROL_SEQUENCE = /^\[[0-?]*[ -/]*[@-~]/;
/** What cannot start a plain scalar: removing characters before one, at the start of a token, would break the YAML. */
const INDICATOR = /^(?:[[\]{},#&*!|>'"%@`]|[-?:](?:\s|$))/;

/**
 * Removes a run of control characters (the diagnostic's range, while it still holds only them), with the rest of a
 * terminal control sequence when the run ends with its ESC: `ESC[31m` pasted with a command's output leaves nothing
 * behind, not `[31m`, which would start a YAML list. Not offered where what remains would start with another YAML
 * indicator, or would indent a line.
 */
export const controlCharacterFixes: QuickFix = {
  codes: ['control-character'],
  actions(context) {
    const { document, diagnostic } = context;
    const { text } = document;
    const start = document.offsetAt(diagnostic.range.start);
    let end = document.offsetAt(diagnostic.range.end);
    const run = text.slice(start, end);
    if (!run || run.replace(CONTROL_CHARACTERS, '') !== '') return [];
    const sequence = run.endsWith('\x1b') ? CONTROL_SEQUENCE.exec(text.slice(end, end + 32))?.[0] : undefined;
    if (sequence) end += sequence.length;
    const atLineStart = start === 0 || text[start - 1] === '\n' || text[start - 1] === '\r';
    // At a line's start, what follows becomes its indentation.
    if ((atLineStart && /^[ \t]/.test(text.slice(end, end + 1))) || ((atLineStart || /[\s[{,]/.test(text[start - 1])) && INDICATOR.test(text.slice(end, end + 2)))) return [];
    const title = sequence ? `Remove the terminal control sequence ESC${sequence}` : run.length === 1 ? 'Remove the control character' : `Remove the ${run.length} control characters`;
    return [quickFix(title, context, [replace(document, start, end, '')], true)];
  },
};

/**
 * Removes a NEL, LS or PS, or makes every one in the file what yaml.v2 reads it as: a line break the editor shows (a
 * file a tool wrote with NEL line ends has one on every line). Line breaks are offered only when the file then loads
 * as well as before: where one cuts a value in two, nobody can load the result.
 */
export const lineBreakFixes: QuickFix = {
  codes: ['unusual-line-break'],
  actions(context) {
    const { document, diagnostic } = context;
    const at = document.offsetAt(diagnostic.range.start);
    const name = UNUSUAL_LINE_BREAKS.get(document.text.charAt(at));
    if (!name) return [];
    const actions = [quickFix(`Remove the ${name}`, context, [replace(document, at, at + 1, '')])];
    const lineBreaks = asLineBreaks(document);
    if (lineBreaks) {
      const title = lineBreaks.count === 1 ? 'Replace with a line break' : `Replace all ${lineBreaks.count} such characters in the file with line breaks`;
      actions.unshift({ title, kind: 'quickfix', diagnostics: [diagnostic], edit: lineBreaks.edit });
    }
    return actions;
  },
};

// Per document version, one edit all the actions share: a code action request may carry a diagnostic for each of
// thousands of NELs (a file with NEL line ends is a single line to the editor).
const lineBreakEdits = new WeakMap<ManifestDocument, { edit: WorkspaceEdit; count: number } | undefined>();

/** The edit making every NEL, LS and PS a line break, if the file then parses with no more YAML errors than now. */
function asLineBreaks(document: ManifestDocument): { edit: WorkspaceEdit; count: number } | undefined {
  if (lineBreakEdits.has(document)) return lineBreakEdits.get(document);
  const { text } = document;
  const lineBreak = eol(document);
  const offsets = findUnusualLineBreaks(text).map(({ offset }) => offset);
  const pieces = offsets.map((offset, i) => text.slice(i ? offsets[i - 1] + 1 : 0, offset));
  const fixed = new ManifestDocument(document.uri, document.version, [...pieces, text.slice(offsets[offsets.length - 1] + 1)].join(lineBreak));
  const errors = (doc: ManifestDocument) => [doc.yaml, ...doc.extraDocuments].reduce((sum, yaml) => sum + yaml.errors.length, 0);
  const loads = !fixed.limit && errors(fixed) <= errors(document);
  const result = loads ? { edit: versionedEdit(document, offsets.map((offset) => replace(document, offset, offset + 1, lineBreak))), count: offsets.length } : undefined;
  lineBreakEdits.set(document, result);
  return result;
}
