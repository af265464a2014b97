/** A `%` directive line before the first document: yaml.v2 reads the first document only, so only its directives count. */
export interface Directive {
  /** Offset of the `%`. */
  start: number;
  /** End of the directive's text (before a trailing comment and blanks). */
  end: number;
  /** Offset of the next line's start (or the end of the text): the line with its break. */
  lineEnd: number;
  text: string;
}

/**
 * The directive lines at the top of `text` (after an optional byte order mark, between comments and blank lines),
 * stopping at the first line of anything else, usually `---`. A `%` cannot start a plain scalar, so in a document
 * with no directives this reads one line.
 */
export function leadingDirectives(text: string): Directive[] {
  const found: Directive[] = [];
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (at < text.length) {
    const breakAt = text.indexOf('\n', at);
    const lineEnd = breakAt === -1 ? text.length : breakAt + 1;
    const line = text.slice(at, breakAt === -1 ? text.length : breakAt).replace(/\r$/, '');
    if (line.startsWith('%')) {
      const content = line.replace(/[ \t]+#.*$/, '').replace(/[ \t]+$/, '');
      found.push({ start: at, end: at + content.length, lineEnd, text: content });
    } else if (!/^[ \t]*(#.*)?$/.test(line)) {
      break;
    }
    at = lineEnd;
  }
  return found;
}
