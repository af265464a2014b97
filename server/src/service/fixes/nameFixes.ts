import type { TextEdit } from 'vscode-languageserver-types';
import { rename, RenameError } from '../features/navigation';
import { dataText, quickFix, QuickFix } from './fix';

/** An invalid service/resource/timer name: rename it, and every reference to it, in one edit. */
export const nameFixes: QuickFix = {
  codes: ['invalid-name'],
  actions(context) {
    const { document, diagnostic } = context;
    const fixed = dataText(diagnostic, 'rename');
    if (!fixed) return [];
    let edits: TextEdit[] | undefined;
    try {
      edits = rename(document, diagnostic.range.start, fixed)?.changes?.[document.uri];
    } catch (error) {
      if (error instanceof RenameError) return []; // the valid name is taken already: nothing safe to offer
      throw error;
    }
    // Timers are not rename targets (nothing refers to them): then the key alone changes.
    return [quickFix(`Rename to "${fixed}"`, context, edits?.length ? edits : [{ range: diagnostic.range, newText: fixed }], true)];
  },
};
