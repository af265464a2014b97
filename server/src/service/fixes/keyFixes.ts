import type { CodeAction } from 'vscode-languageserver-types';
import { isScalar } from 'yaml';
import { deleteEntry, pairAt, replace } from './edits';
import { dataText, FixContext, QuickFix, quickFix } from './fix';

/** `enviroment:` -> `environment:`, or remove a key Convox ignores. */
export const keyFixes: QuickFix = {
  codes: ['unknown-key', 'unsupported-on-target'],
  actions(context) {
    const { document, diagnostic } = context;
    const start = document.offsetAt(diagnostic.range.start);
    const end = document.offsetAt(diagnostic.range.end);
    const suggestion = dataText(diagnostic, 'suggestion');
    const actions: CodeAction[] = [];
    if (suggestion) actions.push(quickFix(`Change to "${suggestion}"`, context, [replace(document, start, end, suggestion)], true));
    const found = pairAt(document, start);
    // An entry with an empty key (`a: [x]: 1` parses as one) has no text of its own to remove, and one whose key is a
    // collection (`? a: 1`) does not start where its key's range does.
    const key = found?.pair.key;
    const keyRange = isScalar(key) ? key.range : undefined;
    if (found && keyRange && keyRange[1] > keyRange[0]) actions.push(quickFix(`Remove "${dataText(diagnostic, 'key') ?? document.text.slice(start, end)}"`, context, [deleteEntry(document, found.pair, found.map)]));
    return actions;
  },
};

/** A misspelt reference: point it at the defined name the check suggested. */
export const referenceFixes: QuickFix = {
  codes: ['undefined-resource', 'undefined-service', 'undefined-config'],
  actions(context: FixContext) {
    const { document, diagnostic } = context;
    const replacement = dataText(diagnostic, 'replacement');
    if (!replacement) return [];
    const start = document.offsetAt(diagnostic.range.start);
    const end = document.offsetAt(diagnostic.range.end);
    return [quickFix(`Change to "${replacement}"`, context, [replace(document, start, end, replacement)], true)];
  },
};
