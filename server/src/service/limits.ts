import type { Document, Node } from 'yaml';
import type { RuleInfo } from './diagnostics/rule';
import { structureOf } from './yaml/structure';

/**
 * What convox-yml will work on. An editor extension runs on every file a person opens, including generated,
 * broken and hostile ones; past these limits a file gets one diagnostic saying so instead of a frozen editor.
 *
 * - Size: parsing is linear but not cheap (about 1 s per MB on a laptop, several under load), and every keystroke
 *   re-validates. Real manifests are a few KB (the largest in the corpus is 35 KB), so files over 1 MB or 50,000
 *   lines are not parsed at all: `file-too-large`.
 * - Nesting: the YAML parser, schema validation and the tree walks recurse once per level, and a few thousand levels
 *   (`[[[[...`, or chains of aliases and merge keys) overflow the stack. No manifest nests more than about ten
 *   levels; past 100 (written out, or counting what aliases bring in) the document is not composed, or its content is
 *   set aside, and only `too-deeply-nested` is reported (with the syntax errors before that point, for aliases).
 */
export const MAX_DOCUMENT_CHARS = 1024 * 1024;
export const MAX_DOCUMENT_LINES = 50_000;
export const MAX_NESTING_DEPTH = 100;

export const FILE_TOO_LARGE: RuleInfo = { code: 'file-too-large', severity: 'warning', title: 'A file too large to check (over 1 MB or 50,000 lines): only its size is reported' };
export const TOO_DEEPLY_NESTED: RuleInfo = {
  code: 'too-deeply-nested',
  severity: 'warning',
  title: 'Values nested too deeply to check (over 100 levels): the file is not checked further',
};

/** Why a document is only partly checked, and where to say so. */
export interface DocumentLimit {
  code: typeof FILE_TOO_LARGE.code | typeof TOO_DEEPLY_NESTED.code;
  start: number;
  end: number;
  message: string;
}

/** Line breaks in `text`, counting stops once past `max` (CRLF, LF and lone CR each end a line, as in LSP). */
function lineCount(text: string, max: number): number {
  // indexOf runs natively: this is on every keystroke's path.
  let lines = 1;
  for (let at = text.indexOf('\n'); at !== -1 && lines <= max; at = text.indexOf('\n', at + 1)) lines++;
  // Lone carriage returns end lines too (rare: only then is the text walked again).
  for (let at = text.indexOf('\r'); at !== -1 && lines <= max; at = text.indexOf('\r', at + 1)) if (text.charCodeAt(at + 1) !== 10) lines++;
  return lines;
}

function lineEnd(text: string, offset: number): number {
  const end = text.slice(offset, offset + 200).search(/[\r\n]/);
  return end === -1 ? Math.min(text.length, offset + 200) : offset + end;
}

/**
 * The `file-too-large` limit of a text, checked before it is parsed. `consequence` says what is not done (the
 * default is for a manifest); `countLines` counts the lines of a text within the size limit, when the caller knows
 * them already.
 */
export function sizeLimit(
  text: string,
  { consequence = 'nothing in it is validated and completion, hover and the outline are off', countLines = () => lineCount(text, MAX_DOCUMENT_LINES) } = {},
): DocumentLimit | undefined {
  const tooLong = text.length > MAX_DOCUMENT_CHARS;
  if (!tooLong && countLines() <= MAX_DOCUMENT_LINES) return undefined;
  const size = tooLong ? `${(text.length / 1024 / 1024).toFixed(1)} MB` : `more than ${MAX_DOCUMENT_LINES.toLocaleString('en-US')} lines`;
  return {
    code: FILE_TOO_LARGE.code,
    start: 0,
    end: lineEnd(text, 0),
    message: `File too large (${size}): convox-yml checks files up to 1 MB and ${MAX_DOCUMENT_LINES.toLocaleString('en-US')} lines, so ${consequence}. A convox.yml is a few KB: check that this is the manifest you meant, or move generated content out of it.`,
  };
}

/**
 * The `too-deeply-nested` limit of a parsed document: nesting past MAX_NESTING_DEPTH (aliases followed), or the
 * parser itself running out of stack. When it applies, the document's content is removed (its syntax errors stay),
 * so nothing recursive ever walks it.
 */
export function applyNestingLimit(doc: Document.Parsed, text: string): DocumentLimit | undefined {
  const exhausted = doc.errors.find((error) => error.code === 'RESOURCE_EXHAUSTION');
  const deep: Node | undefined = structureOf(doc).tooDeep(MAX_NESTING_DEPTH);
  if (!exhausted && !deep) return undefined;
  const start = Math.min(deep?.range?.[0] ?? exhausted?.pos[0] ?? 0, text.length);
  // The parser's "Maximum call stack size exceeded" is this same problem, said better below; what it reports past
  // that point depends on how much stack was left, so only the errors before it are kept.
  doc.errors = doc.errors.filter((error) => error.code !== 'RESOURCE_EXHAUSTION' && error.pos[0] < start);
  doc.contents = null;
  return nestingLimit(text, start);
}

/** The `too-deeply-nested` finding for nesting that passes the limit at `offset`. */
export function nestingLimit(text: string, offset: number): DocumentLimit {
  const start = Math.max(0, Math.min(offset, text.length));
  return {
    code: TOO_DEEPLY_NESTED.code,
    start,
    end: Math.max(start + 1, Math.min(lineEnd(text, start), start + 40)),
    message: `Values are nested more than ${MAX_NESTING_DEPTH} levels deep here (counting what aliases and merge keys bring in), so convox-yml does not check this file further. No convox.yml needs such depth: flatten the value, or remove the aliases that nest it.`,
  };
}
