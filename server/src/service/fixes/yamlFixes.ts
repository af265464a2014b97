import { findUnusualLineBreaks, UNUSUAL_LINE_BREAKS } from '../checks/unusualLineBreaks';
import { leadingDirectives } from '../yaml/directives';
import { eol, replace } from './edits';
import { quickFix, QuickFix } from './fix';

/** Removes a directive yaml.v2 refuses, with its line: without `%YAML`, yaml.v2 reads the file as YAML 1.1 anyway. */
export const directiveFixes: QuickFix = {
  codes: ['yaml-directive'],
  actions(context) {
    const { document, diagnostic } = context;
    const start = document.offsetAt(diagnostic.range.start);
    const directive = leadingDirectives(document.text).find((found) => found.start === start);
    if (!directive) return [];
    return [quickFix(`Remove "${directive.text}"`, context, [replace(document, directive.start, directive.lineEnd, '')], true)];
  },
};

/** Makes a NEL, LS or PS what yaml.v2 reads it as (a line break the editor shows), or removes it. */
export const lineBreakFixes: QuickFix = {
  codes: ['unusual-line-break'],
  actions(context) {
    const { document, diagnostic } = context;
    const at = document.offsetAt(diagnostic.range.start);
    const name = UNUSUAL_LINE_BREAKS.get(document.text.charAt(at));
    if (!name) return [];
    const lineBreak = eol(document);
    const actions = [
      quickFix('Replace with a line break', context, [replace(document, at, at + 1, lineBreak)]),
      quickFix(`Remove the ${name}`, context, [replace(document, at, at + 1, '')]),
    ];
    // A file a tool wrote with NEL line ends has one on every line.
    const all = findUnusualLineBreaks(document.text).map(({ offset }) => replace(document, offset, offset + 1, lineBreak));
    if (all.length > 1) actions.push(quickFix(`Replace all ${all.length} such characters in the file with line breaks`, context, all));
    return actions;
  },
};
