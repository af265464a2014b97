/**
 * yaml.v2, which Convox reads manifests with, ends a line at a lone carriage return (a CR not followed by a LF), as
 * YAML 1.1 does, and so does docker compose's yaml.v3; the `yaml` library follows YAML 1.2, where a lone CR is part
 * of the line, and would read `services:\r  web:\r    build: .` as one key holding nonsense. The line index already
 * counts a lone CR as a line break (as editors do). Replacing each with a LF before parsing reads the file as Convox
 * does and moves no offset, so every range stays exact.
 */
export function withLoneCarriageReturnsAsLineFeeds(text: string): string {
  return hasLoneCarriageReturn(text) ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/** Whether `text` has a lone CR at an offset in [from, to). */
export function hasLoneCarriageReturn(text: string, from = 0, to = text.length): boolean {
  for (let at = text.indexOf('\r', from); at !== -1 && at < to; at = text.indexOf('\r', at + 1)) {
    if (text.charCodeAt(at + 1) !== 10) return true;
  }
  return false;
}

/** The characters yaml.v2 (and docker compose's yaml.v3) end a line at besides CR and LF, as YAML 1.1 does. */
export const UNUSUAL_LINE_BREAKS: ReadonlyMap<string, string> = new Map([
  ['\u0085', 'U+0085 (next line)'],
  ['\u2028', 'U+2028 (line separator)'],
  ['\u2029', 'U+2029 (paragraph separator)'],
]);
const UNUSUAL_LINE_BREAK = new RegExp(`[${[...UNUSUAL_LINE_BREAKS.keys()].join('')}]`, 'g');

/**
 * The text as docker compose's yaml.v3 reads its lines: lone carriage returns, and NEL, LS and PS, each read as a line
 * feed. Only for readers that place positions by the original text (the converter's `Positions`): editors and LSP
 * positions do not end lines at NEL, LS or PS, so a manifest reports them instead (checks/unusualLineBreaks.ts).
 */
export function withComposeLineBreaksAsLineFeeds(text: string): string {
  const lines = withLoneCarriageReturnsAsLineFeeds(text);
  return lines.replace(UNUSUAL_LINE_BREAK, '\n');
}
