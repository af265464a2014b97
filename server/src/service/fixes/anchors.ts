import type { CodeAction, TextEdit } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ManifestDocument } from '../document';

/** `&name`: YAML anchor names run to the next space or flow indicator. */
const ANCHOR = /(?:^|[\s[{,:-])&([^\s,[\]{}]+)/g;

function escape(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * False when applying the action would remove an anchor that an alias elsewhere still uses (deleting an unknown key
 * `x-base: &base ...` that services merge with `<<: *base`): the file would stop loading. Such actions are not
 * offered; whatever else the fix touches, anchors outside its edits are untouched by construction.
 */
export function keepsAnchors(document: ManifestDocument, action: CodeAction): boolean {
  const edits: TextEdit[] = [];
  for (const change of action.edit?.documentChanges ?? []) if ('textDocument' in change && change.textDocument.uri === document.uri) edits.push(...(change.edits as TextEdit[]));
  const removed = new Set<string>();
  for (const edit of edits) {
    const text = document.text.slice(document.offsetAt(edit.range.start), document.offsetAt(edit.range.end));
    for (const match of text.matchAll(ANCHOR)) removed.add(match[1]);
  }
  if (!removed.size) return true;
  const after = TextDocument.applyEdits(document.lines, edits);
  for (const name of removed) {
    const used = new RegExp(`\\*${escape(name)}(?=[\\s,\\]}]|$)`).test(after);
    const defined = new RegExp(`(?:^|[\\s[{,:-])&${escape(name)}(?=[\\s,\\]}]|$)`).test(after);
    if (used && !defined) return false;
  }
  return true;
}
