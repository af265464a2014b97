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

function unquote(key: string): string {
  return /^(["']).*\1$/.test(key) ? key.slice(1, -1) : key;
}

function readLine(raw: string): LineInfo | undefined {
  const line = stripComment(raw.replace(/\t/g, ' '));
  if (!line.trim() || /^\s*(---|\.\.\.)\s*$/.test(line)) return undefined;
  const indent = line.length - line.trimStart().length;
  const dash = /^\s*-(\s|$)/.test(line);
  const keyIndent = dash ? indent + (line.slice(indent + 1).length - line.slice(indent + 1).trimStart().length) + 1 : indent;
  const match = KEY_LINE.exec(line);
  if (match && !/^\s*-?\s*[[{]/.test(line)) return { indent, keyIndent, key: unquote(match[2].trim()), value: match[3] ?? '', dash };
  return { indent, keyIndent, dash };
}

export function cursorContext(text: string, offset: number): CursorContext {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const prefix = text.slice(lineStart, offset).replace(/\t/g, ' ');
  const lines = text.slice(0, lineStart).split(/\r?\n/);
  lines.pop(); // the (empty) remainder after the last line break is the cursor's own line
  const after = text.slice(offset).split(/\r?\n/);
  after.shift();

  const wordMatch = /[^\s:\-"'{}[\],]*$/.exec(prefix);
  let word = wordMatch ? wordMatch[0] : '';
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
  for (let i = lines.length - 1; i >= 0; i--) {
    const info = readLine(lines[i]);
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
    siblings: siblingKeys(lines, after, indent, position === 'item'),
    listed: position === 'item' ? listedItems(lines, after, indent) : new Set(),
  };
}

/** Keys at `indent` in the block around the cursor (lines above up to the parent, and below until the block ends). */
function siblingKeys(above: string[], below: string[], indent: number, item: boolean): Set<string> {
  const keys = new Set<string>();
  if (item) return keys;
  const scan = (lines: string[], upward: boolean) => {
    for (const raw of lines) {
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
  scan([...above].reverse(), true);
  scan(below, false);
  return keys;
}

function listedItems(above: string[], below: string[], indent: number): Set<string> {
  const items = new Set<string>();
  const scan = (lines: string[]) => {
    for (const raw of lines) {
      const info = readLine(raw);
      if (!info) continue;
      if (info.indent < indent || (info.indent === indent && !info.dash)) break;
      const match = ITEM_LINE.exec(stripComment(raw));
      if (info.indent === indent && match?.[2]) items.add(unquote(match[2].trim()).split(':')[0]);
    }
  };
  scan([...above].reverse());
  scan(below);
  return items;
}
