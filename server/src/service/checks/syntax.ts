import type { Node, YAMLError } from 'yaml';
import { unreadableAnchorNames } from '../yaml/anchorNames';
import { misplacedColons } from '../yaml/misplacedColons';
import type { Check, CheckContext } from '../diagnostics/rule';

/** YAML the parser rejects or warns about (or yaml.v2 does), several documents in one file, and broken aliases. */
export const syntax: Check = {
  rules: [
    { code: 'yaml-syntax', severity: 'error', title: 'The file is not valid YAML' },
    { code: 'yaml-warning', severity: 'warning', title: 'YAML the parser accepts with a warning (for example an unknown tag)' },
    { code: 'multiple-documents', severity: 'warning', title: 'More than one YAML document: Convox reads only the first' },
    { code: 'invalid-alias', severity: 'error', title: 'An alias that names no anchor, refers to itself or expands too far' },
  ],
  run(context) {
    const { document } = context;
    for (const doc of [document.yaml, ...document.extraDocuments]) {
      // The first document's %YAML and unknown directives are judged as yaml.v2 judges them (checks/yamlDirectives.ts).
      const judged = (problem: YAMLError) => doc === document.yaml && problem.code === 'BAD_DIRECTIVE' && !problem.message.startsWith('%TAG');
      for (const error of doc.errors) if (!judged(error)) reportYamlError(context, error, 'yaml-syntax');
      for (const warning of doc.warnings) if (!judged(warning)) reportYamlError(context, warning, 'yaml-warning');
      for (const { key, colon } of misplacedColons(document.text, doc.contents as Node | null)) {
        if (key) {
          const [start, end] = key.range!;
          const lines = document.lines.positionAt(colon).line - document.lines.positionAt(start).line;
          context.report({
            code: 'yaml-syntax',
            location: { start, end },
            message: `The ":" of this key is ${lines} line${lines === 1 ? '' : 's'} below it: YAML allows that only after "?" (an explicit key), and Convox cannot load a manifest that is not valid YAML. Put the ":" right after the key.`,
          });
        } else {
          context.report({
            code: 'yaml-syntax',
            location: { start: colon, end: colon + 1 },
            message: 'This ":" has no key before it: Convox reads manifests with yaml.v2, which takes a ":" without a key only at the start of a line indented like the keys beside it, and cannot load this one. Write the key before the ":", or remove it.',
          });
        }
      }
    }
    const [second] = document.extraDocuments;
    if (second) {
      const start = second.range[0];
      context.report({
        code: 'multiple-documents',
        location: { start, end: Math.min(document.text.length, start + 3) },
        message: `This file holds ${document.extraDocuments.length + 1} YAML documents; Convox reads only the first and ignores the rest. Move these keys into the first document or into another file.`,
      });
    }
    for (const { start, end, name } of unreadableAnchorNames(document.yaml, document.text)) {
      const suggestion = name.replace(/[^0-9A-Za-z_-]+/g, '-').replace(/^-+|-+$/g, '');
      context.report({
        code: 'yaml-syntax',
        location: { start, end },
        message: `"${name}" is not a name yaml.v2 reads: Convox reads manifests with yaml.v2, which allows only letters, digits, "-" and "_" in anchor and alias names, and cannot load this file ("did not find expected alphabetic or numeric character"). Rename the anchor and its aliases${suggestion ? `, for example to "${suggestion}"` : ''}.`,
      });
    }
    for (const { node, message } of document.plain.aliasErrors) {
      const [start, end] = node.range ?? [0, 0];
      context.report({ code: 'invalid-alias', location: { start, end }, message });
    }
  },
};

function reportYamlError(context: CheckContext, error: YAMLError, code: string): void {
  const text = context.document.text;
  let [start, end] = error.pos;
  if (end <= start) {
    // Zero-width positions (e.g. at a missing closing bracket) are widened to the rest of the line, so they show.
    end = lineEndOf(text, start);
    if (end <= start) start = Math.max(0, start - 1);
  }
  if (text.slice(start, end).trim() === '') {
    // A span of indentation (e.g. a mis-indented key) is moved onto the token it belongs to, so the key shows.
    const token = /[^\s:#]+/.exec(text.slice(start, lineEndOf(text, start)));
    if (token) {
      start += token.index;
      end = start + token[0].length;
    }
  }
  const firstLine = error.message.split('\n')[0];
  context.report({ code, location: { start, end }, message: `${firstLine}${code === 'yaml-syntax' ? '. Convox cannot load a manifest that is not valid YAML.' : ''}` });
}

function lineEndOf(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end === -1 ? text.length : end;
}
