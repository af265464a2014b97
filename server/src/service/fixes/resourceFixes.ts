import type { CodeAction } from 'vscode-languageserver-types';
import { deleteEntry, pairAt, replaceScalar } from './edits';
import { dataText, QuickFix, quickFix } from './fix';

/** Resource type and option fixes: change the type (keeping its quotes), rename or remove an option. */
export const resourceFixes: QuickFix = {
  codes: ['unknown-resource-type', 'unused-resource-option', 'containerized-resource'],
  actions(context) {
    const { document, diagnostic } = context;
    const start = document.offsetAt(diagnostic.range.start);
    const end = document.offsetAt(diagnostic.range.end);
    const replacement = dataText(diagnostic, 'replacement');
    if (diagnostic.code !== 'unused-resource-option') {
      return replacement ? [quickFix(`Change to "${replacement}"`, context, [replaceScalar(document, start, end, replacement)], diagnostic.code === 'unknown-resource-type')] : [];
    }
    const actions: CodeAction[] = [];
    if (replacement) actions.push(quickFix(`Change to "${replacement}"`, context, [replaceScalar(document, start, end, replacement)], true));
    const found = pairAt(document, start);
    if (found) actions.push(quickFix(`Remove ${dataText(diagnostic, 'option') ?? document.text.slice(start, end)}`, context, [deleteEntry(document, found.pair, found.map)], !replacement));
    return actions;
  },
};
