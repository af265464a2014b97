import { FoldingRange, FoldingRangeKind } from 'vscode-languageserver-types';
import { Document, isMap, isPair, isScalar, isSeq, Node } from 'yaml';
import type { ManifestDocument } from '../document';
import { contentEnd, pairStart } from '../yaml/nodes';

/** Past this many ranges (huge generated manifests) folding stops adding more. */
export const MAX_FOLDING_RANGES = 5_000;

/** Folding for every multi-line map entry, list item and block scalar, and for runs of two or more comment lines. */
export function foldingRanges(doc: ManifestDocument): FoldingRange[] {
  const text = doc.text;
  const lineOf = (offset: number) => doc.lines.lineAt(offset);
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

  // Depth first in document order, so that past MAX_FOLDING_RANGES the ranges kept are the first ones. Not yaml's
  // `visit`, which copies the path to every node (half the time of folding a 16,500-line manifest).
  const walk = (yaml: Document) => {
    const stack: unknown[] = [yaml.contents];
    while (stack.length > 0 && !full) {
      const node = stack.pop();
      if (isPair(node)) {
        add(pairStart(node), contentEnd(text, node));
        stack.push(node.value, node.key);
      } else if (isMap(node) || isSeq(node)) {
        const items = node.items as unknown[];
        if (isSeq(node)) for (const item of items) if (!isPair(item)) add((item as Node | null)?.range?.[0] ?? null, contentEnd(text, item));
        for (let i = items.length - 1; i >= 0; i--) stack.push(items[i]);
      } else if (isScalar(node) && node.range) {
        const range = node.range;
        const end = contentEnd(text, node);
        if (end === null) continue;
        if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') add(range[0], end);
        const first = lineOf(range[0]);
        const last = lineOf(end);
        if (last > first) scalarLines.push([first + 1, last]);
      }
    }
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
