import type { Position } from 'vscode-languageserver-types';

/**
 * Where each line of a text starts, for LSP positions: UTF-16 offsets, lines ended by `\n`, `\r\n` or a lone `\r`,
 * and positions never inside a line break, exactly as vscode-languageserver-textdocument counts them (a test holds
 * the two together). Unlike a TextDocument, the index of an edited version is derived from the previous version's:
 * only the edited span is scanned and the rest shifted, where finding the lines of a 300 KB manifest again cost every
 * keystroke ~2 ms.
 */
export class LineIndex {
  private lineStarts?: Uint32Array;

  private constructor(
    private readonly text: string,
    starts?: Uint32Array,
  ) {
    this.lineStarts = starts;
  }

  /** The index of `text`, found when first needed. */
  static of(text: string): LineIndex {
    return new LineIndex(text);
  }

  /**
   * The index of `text`, made from `previous` by an edit that replaced its `[start, oldEnd)` with `text`'s
   * `[start, newEnd)`. Only the text is kept, not `previous`: when its lines were never needed, neither are these yet.
   */
  static edited(previous: LineIndex, text: string, start: number, oldEnd: number, newEnd: number): LineIndex {
    const old = previous.lineStarts;
    if (!old) return new LineIndex(text);
    // A line start at p depends on the characters at p - 1 and p: those before `start` are unchanged, and so are
    // the old ones from oldEnd + 1 on (shifted); the ones between are scanned again.
    let before = 0;
    while (before < old.length && old[before] < start) before++;
    let after = before;
    while (after < old.length && old[after] < oldEnd + 1) after++;
    const scanned: number[] = [];
    for (let p = Math.max(start, 1); p <= newEnd; p++) if (startsLine(text, p)) scanned.push(p);
    const starts = new Uint32Array(before + scanned.length + (old.length - after) + (before === 0 ? 1 : 0));
    let at = 0;
    if (before === 0) starts[at++] = 0;
    starts.set(old.subarray(0, before), at);
    at += before;
    starts.set(scanned, at);
    at += scanned.length;
    const delta = newEnd - oldEnd;
    for (let i = after; i < old.length; i++) starts[at++] = old[i] + delta;
    return new LineIndex(text, starts);
  }

  private get starts(): Uint32Array {
    return (this.lineStarts ??= scanAll(this.text));
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const at = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineAt(at);
    const lineStart = this.starts[line];
    return { line, character: this.beforeLineBreak(at, lineStart) - lineStart };
  }

  /** The line of `offset` (positionAt's line, without making a position). */
  lineAt(offset: number): number {
    const starts = this.starts;
    const at = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (starts[mid] > at) high = mid;
      else low = mid + 1;
    }
    return low - 1;
  }

  offsetAt(position: Position): number {
    const starts = this.starts;
    if (position.line >= starts.length) return this.text.length;
    if (position.line < 0) return 0;
    const lineStart = starts[position.line];
    if (position.character <= 0) return lineStart;
    const next = position.line + 1 < starts.length ? starts[position.line + 1] : this.text.length;
    return this.beforeLineBreak(Math.min(lineStart + position.character, next), lineStart);
  }

  /** An offset inside or after a line's break moves back to where the break starts. */
  private beforeLineBreak(offset: number, lineStart: number): number {
    let at = offset;
    while (at > lineStart && isLineBreak(this.text.charCodeAt(at - 1))) at--;
    return at;
  }
}

function isLineBreak(code: number): boolean {
  return code === 10 || code === 13;
}

/** Whether a line starts at `p` (> 0): after a `\n`, or after a `\r` that no `\n` follows. */
function startsLine(text: string, p: number): boolean {
  const previous = text.charCodeAt(p - 1);
  return previous === 10 || (previous === 13 && text.charCodeAt(p) !== 10);
}

function scanAll(text: string): Uint32Array {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || (code === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return Uint32Array.from(starts);
}
