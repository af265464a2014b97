/**
 * Where the cursor is, read from indentation rather than from the YAML tree: completion runs on half-typed lines
 * (`    hea`, `port:`, `  - `) that do not parse, so the text is the only reliable source.
 */
export interface CursorContext {
  /** Keys (and `0` for list items) from the root to the map or list the cursor is in. */
  path: (string | number)[];
  /** `key`: typing a key; `value`: after `key:`; `item`: after `- ` in a list of scalars. */
  position: 'key' | 'value' | 'item';
  /** For `value`: the key whose value is being typed. */
  key?: string;
  /** The partial word before the cursor (replaced by the completion). */
  word: string;
  wordStart: number;
  /** Column where keys of the current map start. */
  indent: number;
  /** Keys already present in the current map (not offered again). */
  siblings: Set<string>;
  /** Values already present in the current list (`item` position). */
  listed: Set<string>;
}

const KEY_LINE = /^(\s*)(?:-\s+)?("[^"]*"|'[^']*'|[^\s#'"][^#]*?)\s*:(?:\s+(.*?))?\s*$/;
const ITEM_LINE = /^(\s*)-(?:\s+(.*?))?\s*$/;

interface LineInfo {
  /** Column of the key or of the list dash. */
  indent: number;
  /** Column of the key inside a `- key: v` item. */
  keyIndent: number;
  key?: string;
  value?: string;
  dash: boolean;
}

function stripComment(line: string): string {
  // A `#` starts a comment at line start or after whitespace, outside quotes.
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) {
      return line.slice(0, i);
    }
  }
  return line;
}

/** Leading spaces and tabs of the line starting at `start`: never more than the indentation `readLine` finds. */
function leadingSpaces(text: string, start: number): number {
  let end = start;
  while (end < text.length && (text.charCodeAt(end) === 32 || text.charCodeAt(end) === 9)) end++;
  return end - start;
}

function unquote(key: string): string {
  return /^(["']).*\1$/.test(key) ? key.slice(1, -1) : key;
}

function readLine(raw: string): LineInfo | undefined {
  // Line terminators JavaScript's `.` stops at (a lone CR, U+2028/9) become spaces: KEY_LINE backtracks on them for
  // seconds on a long line.
  const line = stripComment(raw.replace(/[\t\r\u2028\u2029]/g, ' '));
  if (!line.trim() || /^\s*(---|\.\.\.)\s*$/.test(line)) return undefined;
  const indent = line.length - line.trimStart().length;
  const dash = /^\s*-(\s|$)/.test(line);
  const keyIndent = dash ? indent + (line.slice(indent + 1).length - line.slice(indent + 1).trimStart().length) + 1 : indent;
  const match = KEY_LINE.exec(line);
  if (match && !/^\s*-?\s*[[{]/.test(line)) return { indent, keyIndent, key: unquote(match[2].trim()), value: match[3] ?? '', dash };
  return { indent, keyIndent, dash };
}

// The walks below go from line to line by offsets and copy out only the lines they read: walking up from a service's
// key to `services:` passes every line of the services before it (~16,000 in a large manifest), and copying each
// made a completion there allocate over a megabyte.

/** The start of the line before the one starting at `lineStart`, or -1 at the first line. */
function previousLine(text: string, lineStart: number): number {
  if (lineStart <= 0) return -1;
  const end = lineStart - 1; // the line feed that ends the previous line
  return end === 0 ? 0 : text.lastIndexOf('\n', end - 1) + 1;
}

/** The start of the line after the one holding `offset`, or -1 at the last line. */
function nextLine(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end === -1 ? -1 : end + 1;
}

/** The line starting at `start`, without its line break. */
function lineAt(text: string, start: number): string {
  const end = text.indexOf('\n', start);
  if (end === -1) return text.slice(start);
  return text.slice(start, text.charCodeAt(end - 1) === 13 && end > start ? end - 1 : end);
}

export function cursorContext(text: string, offset: number): CursorContext {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const prefix = text.slice(lineStart, offset).replace(/\t/g, ' ');

  // The word before the cursor, found from its end: the regex /[^...]*$/ would rescan the line from every position,
  // quadratic on a long line.
  let wordLength = 0;
  while (wordLength < prefix.length && !/[\s:\-"'{}[\],]/.test(prefix[prefix.length - 1 - wordLength])) wordLength++;
  let word = prefix.slice(prefix.length - wordLength);
  let wordStart = offset - word.length;

  let position: CursorContext['position'] = 'key';
  let key: string | undefined;
  let indent: number;
  let inItem = false;
  const valueMatch = /^(\s*)(-\s+)?("[^"]*"|'[^']*'|[^\s#'"][^:#]*?)\s*:\s+(.*)$/.exec(prefix) ?? /^(\s*)(-\s+)?("[^"]*"|'[^']*'|[^\s#'"][^:#]*?)\s*:()$/.exec(prefix);
  const itemMatch = /^(\s*)-\s+([^:]*)$/.exec(prefix) ?? /^(\s*)-()$/.exec(prefix);
  if (valueMatch && !/^\s*-?\s*[[{]/.test(prefix)) {
    position = 'value';
    key = unquote(valueMatch[3].trim());
    indent = valueMatch[1].length + (valueMatch[2]?.length ?? 0);
    inItem = Boolean(valueMatch[2]);
    word = valueMatch[4].replace(/^["']/, '');
    wordStart = offset - word.length;
  } else if (itemMatch) {
    // `- ` then text: a scalar list item, unless the list holds maps (decided below from the schema by the caller).
    position = 'item';
    indent = itemMatch[1].length;
    word = itemMatch[2].replace(/^["']/, '');
    wordStart = offset - word.length;
  } else {
    indent = prefix.length - prefix.trimStart().length;
  }

  // Walk up to find the chain of parent keys.
  const path: (string | number)[] = [];
  let column = indent;
  let seqColumn = position === 'item' ? indent : -1; // the list we are in, if any
  if (inItem) {
    path.unshift(0);
    seqColumn = indent - (valueMatch?.[2]?.length ?? 0);
    column = seqColumn;
  }
  for (let start = previousLine(text, lineStart); start >= 0; start = previousLine(text, start)) {
    // Lines indented deeper than the parent being looked for (or as deep, outside a list) cannot be it: skipped
    // before reading them, so walking up past a thousand services stays cheap.
    const spaces = leadingSpaces(text, start);
    if (spaces > column || (spaces === column && seqColumn === -1)) continue;
    const info = readLine(lineAt(text, start));
    if (!info) continue;
    if (info.dash && info.keyIndent === column && seqColumn === -1) {
      // A sibling key inside the same `- key:` list item: the item is our container.
      path.unshift(0);
      seqColumn = info.indent;
      column = info.indent;
      continue;
    }
    if (info.dash && seqColumn !== -1 && info.indent === seqColumn) continue; // an earlier item of our list
    if (info.key === undefined || info.indent > column) continue;
    if (info.indent === column && !(seqColumn !== -1 && info.indent === seqColumn && !info.dash)) continue;
    if (info.value && !/^[&!|>]/.test(info.value)) break; // a scalar value cannot contain our line
    path.unshift(info.key);
    column = info.indent;
    seqColumn = -1;
    if (info.dash) {
      path.unshift(0);
      seqColumn = info.indent;
    }
    if (column === 0 && !info.dash) break;
  }

  return {
    path,
    position,
    key,
    word,
    wordStart,
    indent,
    siblings: position === 'item' ? new Set() : siblingKeys(text, lineStart, offset, indent),
    listed: position === 'item' ? listedItems(text, lineStart, offset, indent) : new Set(),
  };
}

/**
 * Keys at `indent` in the block around the cursor: on the lines above the cursor's (starting at `lineStart`) up to the
 * parent, and on those after it (the line holding `offset`) until the block ends.
 */
function siblingKeys(text: string, lineStart: number, offset: number, indent: number): Set<string> {
  const keys = new Set<string>();
  // Whether the walk stops at the line starting at `start`; notes a sibling key on the way.
  const stopsAt = (start: number, upward: boolean): boolean => {
    if (leadingSpaces(text, start) > indent) return false; // deeper: neither a sibling nor the end of the block
    const info = readLine(lineAt(text, start));
    if (!info) return false;
    const startsItem = info.dash && info.keyIndent === indent;
    if (startsItem && !upward) return true; // the next item of the list
    if (info.indent < indent && !startsItem) return true;
    const column = info.dash ? info.keyIndent : info.indent;
    if (column === indent && info.key !== undefined) keys.add(info.key);
    return startsItem; // the first line of our own list item
  };
  for (let start = previousLine(text, lineStart); start >= 0 && !stopsAt(start, true); start = previousLine(text, start));
  for (let start = nextLine(text, offset); start >= 0 && !stopsAt(start, false); start = nextLine(text, start));
  return keys;
}

/** Values of the list around the cursor: items at `indent` above and after the cursor's line, until the list ends. */
function listedItems(text: string, lineStart: number, offset: number, indent: number): Set<string> {
  const items = new Set<string>();
  // Whether the list ends at the line starting at `start`; notes its item on the way.
  const endsAt = (start: number): boolean => {
    const raw = lineAt(text, start);
    const info = readLine(raw);
    if (!info) return false;
    if (info.indent < indent || (info.indent === indent && !info.dash)) return true;
    const match = ITEM_LINE.exec(stripComment(raw));
    if (info.indent === indent && match?.[2]) items.add(unquote(match[2].trim()).split(':')[0]);
    return false;
  };
  for (let start = previousLine(text, lineStart); start >= 0 && !endsAt(start); start = previousLine(text, start));
  for (let start = nextLine(text, offset); start >= 0 && !endsAt(start); start = nextLine(text, start));
  return items;
}
