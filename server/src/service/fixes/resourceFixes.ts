import type { CodeAction } from 'vscode-languageserver-types';
import { deleteEntry, pairAt, replaceScalar } from './edits';
import { QuickFix, quickFix } from './fix';

/** Resource type and option fixes: change the type (keeping its quotes), rename or remove an option. */
export const resourceFixes: QuickFix = {
  codes: ['unknown-resource-type', 'unused-resource-option', 'containerized-resource'],
  actions(context) {
    const { document, diagnostic } = context;
    const start = document.offsetAt(diagnostic.range.start);
    const end = document.offsetAt(diagnostic.range.end);
    const data = (diagnostic.data ?? {}) as { replacement?: string; option?: string };
    if (diagnostic.code !== 'unused-resource-option') {
      return data.replacement ? [quickFix(`Change to "${data.replacement}"`, context, [replaceScalar(document, start, end, data.replacement)], diagnostic.code === 'unknown-resource-type')] : [];
    }
    const actions: CodeAction[] = [];
    if (data.replacement) actions.push(quickFix(`Change to "${data.replacement}"`, context, [replaceScalar(document, start, end, data.replacement)], true));
    const found = pairAt(document, start);
    if (found) actions.push(quickFix(`Remove ${data.option ?? document.text.slice(start, end)}`, context, [deleteEntry(document, found.pair, found.map)], !data.replacement));
    return actions;
  },
};
