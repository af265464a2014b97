import type { CodeAction, TextEdit } from 'vscode-languageserver-types';
import type { ManifestDocument } from '../document';

/** `&name` and `*name`: YAML anchor and alias names run to the next space or flow indicator. */
const NAMES = /(?:^|[\s[{,:-])([&*])([^\s,[\]{}]+)/g;

interface Places {
  anchors: number[];
  aliases: number[];
}

/** Where each name is defined (`&name`) and used (`*name`), in order, by offset. */
function places(text: string, base = 0): Map<string, Places> {
  const byName = new Map<string, Places>();
  for (const match of text.matchAll(NAMES)) {
    let entry = byName.get(match[2]);
    if (!entry) byName.set(match[2], (entry = { anchors: [], aliases: [] }));
    (match[1] === '&' ? entry.anchors : entry.aliases).push(base + match.index! + match[0].length - match[2].length - 1);
  }
  return byName;
}

const documentPlaces = new WeakMap<ManifestDocument, Map<string, Places>>();

/**
 * False when applying the action would remove the anchor an alias elsewhere uses (deleting an unknown key
 * `base: &base ...` that services merge with `<<: *base`): the file would stop loading. Such actions are not
 * offered; whatever else the fix touches, anchors outside its edits are untouched by construction. The file is
 * scanned once per version, each action's edits on their own, so a request for thousands of actions stays linear.
 */
export function keepsAnchors(document: ManifestDocument, action: CodeAction): boolean {
  const spans: [number, number][] = [];
  const removedNames = new Set<string>();
  const inserted: { at: number; names: Map<string, Places> }[] = [];
  for (const change of action.edit?.documentChanges ?? []) {
    if (!('textDocument' in change) || change.textDocument.uri !== document.uri) continue;
    for (const edit of change.edits) {
      const start = document.offsetAt(edit.range.start);
      const end = document.offsetAt(edit.range.end);
      const text = document.text.slice(start, end);
      if (text.includes('&')) {
        spans.push([start, end]);
        for (const [name, found] of places(text)) if (found.anchors.length) removedNames.add(name);
      }
      if (edit.newText.includes('&')) inserted.push({ at: start, names: places(edit.newText) });
    }
  }
  if (!removedNames.size) return true;
  let all = documentPlaces.get(document);
  if (!all) documentPlaces.set(document, (all = places(document.text)));
  const removed = (offset: number) => spans.some(([start, end]) => offset >= start && offset < end);
  for (const name of removedNames) {
    const { anchors, aliases } = all.get(name) ?? { anchors: [], aliases: [] };
    if (!anchors.length) continue;
    // The first anchor left (offsets are in order), or one the edits write; aliases between the first anchor and
    // it had a definition and would have none.
    let firstKept = anchors.find((offset) => !removed(offset)) ?? Infinity;
    for (const { at, names } of inserted) if (names.get(name)?.anchors.length) firstKept = Math.min(firstKept, at);
    for (const alias of aliases) {
      if (alias >= firstKept) break;
      if (alias > anchors[0] && !removed(alias)) return false;
    }
  }
  return true;
}

/**
 * False when the action deletes text that a tag or an anchor on the same line applies to (`!!map web: x`,
 * `- &a port: 80`): removing the entry would leave the property dangling over whatever comes next, or break the file.
 */
export function keepsNodeProperties(document: ManifestDocument, action: CodeAction): boolean {
  for (const change of action.edit?.documentChanges ?? []) {
    if (!('textDocument' in change) || change.textDocument.uri !== document.uri) continue;
    for (const edit of change.edits as TextEdit[]) {
      const start = document.offsetAt(edit.range.start);
      if (edit.newText !== '' || document.offsetAt(edit.range.end) === start) continue;
      if (/^[!&]/.test(wordBefore(document.text, start))) return false;
    }
  }
  return true;
}

/**
 * The word (a run of non-space characters) that ends at `offset` or before blanks there, on the same line. Scanning
 * back from `offset`, not from the line's start: a file with NEL line ends is one line holding thousands of them.
 */
function wordBefore(text: string, offset: number): string {
  const space = (at: number) => /\s/.test(text[at]);
  let end = offset;
  while (end > 0 && text[end - 1] !== '\n' && space(end - 1)) end--;
  let start = end;
  while (start > 0 && !space(start - 1)) start--;
  return text.slice(start, end);
}
