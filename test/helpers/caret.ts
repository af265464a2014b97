import { ManifestDocument } from '../../server/src/service/document';

/** `‸` marks the cursor in test texts; returns the text without it and the cursor's position. */
export function withCaret(marked: string, uri = 'file:///work/convox.yml') {
  const offset = marked.indexOf('‸');
  if (offset === -1) throw new Error('test text has no ‸ caret');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const document = new ManifestDocument(uri, 1, text);
  return { text, offset, document, position: document.lines.positionAt(offset) };
}

export function manifest(text: string, uri = 'file:///work/convox.yml'): ManifestDocument {
  return new ManifestDocument(uri, 1, text);
}

/** The text a range covers, for asserting that a diagnostic underlines exactly the right characters. */
export function textAt(document: ManifestDocument, range: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  return document.text.slice(document.lines.offsetAt(range.start), document.lines.offsetAt(range.end));
}
