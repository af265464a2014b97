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

/** Leading spaces and tabs: never more than the indentation `readLine` finds. */
function leadingSpaces(line: string): number {
  let count = 0;
  while (count < line.length && (line.charCodeAt(count) === 32 || line.charCodeAt(count) === 9)) count++;
  return count;
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

/** The lines above `lineStart`, nearest first (read one at a time: the walks stop at the enclosing block). */
function* linesAbove(text: string, lineStart: number): Generator<string> {
  for (let end = lineStart - 1; end >= 0; ) {
    const start = end === 0 ? 0 : text.lastIndexOf('\n', end - 1) + 1;
    yield text.slice(start, text.charCodeAt(end - 1) === 13 && end > start ? end - 1 : end);
    end = start - 1;
  }
}

/** The lines after the one holding `offset`, in order. */
function* linesBelow(text: string, offset: number): Generator<string> {
  let start = text.indexOf('\n', offset);
  if (start === -1) return;
  for (start++; ; ) {
    const end = text.indexOf('\n', start);
    if (end === -1) {
      yield text.slice(start);
      return;
    }
    yield text.slice(start, text.charCodeAt(end - 1) === 13 && end > start ? end - 1 : end);
    start = end + 1;
  }
}

/** Lines read on demand and kept, so several walks share them. */
class Lines implements Iterable<string> {
  private readonly read: string[] = [];
  constructor(private readonly source: Iterator<string>) {}
  *[Symbol.iterator](): Iterator<string> {
    for (let i = 0; ; i++) {
      if (i === this.read.length) {
        const next = this.source.next();
        if (next.done) return;
        this.read.push(next.value);
      }
      yield this.read[i];
    }
  }
}

export function cursorContext(text: string, offset: number): CursorContext {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const prefix = text.slice(lineStart, offset).replace(/\t/g, ' ');
  // Nearest first: the lines above the cursor's line, and those after it.
  const above = new Lines(linesAbove(text, lineStart));
  const after = new Lines(linesBelow(text, offset));

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
  for (const line of above) {
    // Lines indented deeper than the parent being looked for (or as deep, outside a list) cannot be it: skipped
    // before parsing, so walking up past a thousand services stays cheap.
    const spaces = leadingSpaces(line);
    if (spaces > column || (spaces === column && seqColumn === -1)) continue;
    const info = readLine(line);
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
    siblings: siblingKeys(above, after, indent, position === 'item'),
    listed: position === 'item' ? listedItems(above, after, indent) : new Set(),
  };
}

/**
 * Keys at `indent` in the block around the cursor (lines above up to the parent, and below until the block ends).
 * `above` runs upward from the cursor, `below` downward.
 */
function siblingKeys(above: Iterable<string>, below: Iterable<string>, indent: number, item: boolean): Set<string> {
  const keys = new Set<string>();
  if (item) return keys;
  const scan = (lines: Iterable<string>, upward: boolean) => {
    for (const raw of lines) {
      if (leadingSpaces(raw) > indent) continue; // deeper: neither a sibling nor the end of the block
      const info = readLine(raw);
      if (!info) continue;
      const startsItem = info.dash && info.keyIndent === indent;
      if (startsItem && !upward) break; // the next item of the list
      if (info.indent < indent && !startsItem) break;
      const column = info.dash ? info.keyIndent : info.indent;
      if (column === indent && info.key !== undefined) keys.add(info.key);
      if (startsItem) break; // the first line of our own list item
    }
  };
  scan(above, true);
  scan(below, false);
  return keys;
}

function listedItems(above: Iterable<string>, below: Iterable<string>, indent: number): Set<string> {
  const items = new Set<string>();
  const scan = (lines: Iterable<string>) => {
    for (const raw of lines) {
      const info = readLine(raw);
      if (!info) continue;
      if (info.indent < indent || (info.indent === indent && !info.dash)) break;
      const match = ITEM_LINE.exec(stripComment(raw));
      if (info.indent === indent && match?.[2]) items.add(unquote(match[2].trim()).split(':')[0]);
    }
  };
  scan(above);
  scan(below);
  return items;
}
