import { FoldingRange, FoldingRangeKind } from 'vscode-languageserver-types';
import { Document, isPair, Node, Scalar, visit } from 'yaml';
import type { ManifestDocument } from '../document';
import { contentEnd, pairStart } from '../yaml/nodes';

/** Past this many ranges (huge generated manifests) folding stops adding more. */
export const MAX_FOLDING_RANGES = 5_000;

/** Folding for every multi-line map entry, list item and block scalar, and for runs of two or more comment lines. */
export function foldingRanges(doc: ManifestDocument): FoldingRange[] {
  const text = doc.text;
  const lineOf = (offset: number) => doc.lines.positionAt(offset).line;
  // Largest fold per start line: VS Code keeps one range per line, and an entry whose value is a block scalar or
  // a list item whose first entry is multi-line would otherwise start two ranges on the same line.
  const byLine = new Map<number, FoldingRange>();
  /** Lines inside multi-line scalars: a `#` there is content, not a comment. */
  const scalarLines: [number, number][] = [];
  let full = false;

  const add = (start: number | null, end: number | null, kind?: string) => {
    if (start === null || end === null || full) return;
    const startLine = lineOf(start);
    const endLine = lineOf(end);
    if (endLine <= startLine) return;
    const existing = byLine.get(startLine);
    if (existing) {
      if (endLine > existing.endLine) existing.endLine = endLine;
      return;
    }
    if (byLine.size >= MAX_FOLDING_RANGES) {
      full = true;
      return;
    }
    byLine.set(startLine, kind ? { startLine, endLine, kind } : { startLine, endLine });
  };

  const walk = (yaml: Document) => {
    visit(yaml, {
      Pair(_, pair) {
        if (full) return visit.BREAK;
        add(pairStart(pair), contentEnd(text, pair));
        return undefined;
      },
      Seq(_, seq) {
        if (full) return visit.BREAK;
        for (const item of seq.items) if (!isPair(item)) add((item as Node | null)?.range?.[0] ?? null, contentEnd(text, item));
        return undefined;
      },
      Scalar(_, scalar: Scalar) {
        if (full) return visit.BREAK;
        const range = scalar.range;
        if (!range) return undefined;
        const end = contentEnd(text, scalar);
        if (end === null) return undefined;
        if (scalar.type === 'BLOCK_LITERAL' || scalar.type === 'BLOCK_FOLDED') add(range[0], end);
        const first = lineOf(range[0]);
        const last = lineOf(end);
        if (last > first) scalarLines.push([first + 1, last]);
        return undefined;
      },
    });
  };
  walk(doc.yaml);
  for (const extra of doc.extraDocuments) walk(extra);

  if (!full) addCommentBlocks(doc, scalarLines, add);

  return [...byLine.values()].sort((a, b) => a.startLine - b.startLine);
}

function addCommentBlocks(
  doc: ManifestDocument,
  scalarLines: [number, number][],
  add: (start: number | null, end: number | null, kind?: string) => void,
): void {
  const inScalar = new Set<number>();
  for (const [first, last] of scalarLines) for (let line = first; line <= last; line++) inScalar.add(line);
  const lines = doc.text.split(/\r\n|\r|\n/);
  let runStart = -1;
  const flush = (lastLine: number) => {
    if (runStart >= 0 && lastLine > runStart) {
      add(doc.offsetAt({ line: runStart, character: 0 }), doc.offsetAt({ line: lastLine, character: 0 }), FoldingRangeKind.Comment);
    }
    runStart = -1;
  };
  for (let line = 0; line < lines.length; line++) {
    const isComment = !inScalar.has(line) && /^\s*#/.test(lines[line]);
    if (isComment) {
      if (runStart < 0) runStart = line;
    } else {
      flush(line - 1);
    }
  }
  flush(lines.length - 1);
}
