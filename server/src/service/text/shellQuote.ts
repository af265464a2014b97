/**
 * Shell-word quoting that Convox's splitter (`shellquote.Split`, used for v3 `command`, timer commands and
 * `lifecycle` hooks) reads back unchanged.
 */

/** Quotes one word so shell-words splitting gives it back unchanged (plain words stay as they are). */
export function shellQuote(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** One command string for a list of words (`["sh", "-c", "a b"]` -> `sh -c 'a b'`). */
export function shellJoin(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}
