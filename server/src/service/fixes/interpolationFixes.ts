import type { CodeAction, TextEdit } from 'vscode-languageserver-types';
import { isMap, isPair, isScalar, isSeq, Node, Pair, YAMLSeq } from 'yaml';
import type { InterpolationFixData } from '../checks/interpolationDefault';
import type { ManifestDocument } from '../document';
import { contentEnd } from '../yaml/nodes';
import { keyText } from '../yaml/toPlain';
import { columnOf, eol, replace } from './edits';
import { dataText, FixContext, quickFix, QuickFix } from './fix';

function span(context: FixContext): [number, number] {
  const { document, diagnostic } = context;
  return [document.offsetAt(diagnostic.range.start), document.offsetAt(diagnostic.range.end)];
}

/** `${VAR:-x}` -> `${VAR}` (or `VAR=x` for VAR's own environment entry); `$VAR` -> `${VAR}`. */
export const interpolationFixes: QuickFix = {
  codes: ['interpolation-default', 'unbraced-variable'],
  actions(context) {
    const { document, diagnostic } = context;
    const name = dataText(diagnostic, 'name' satisfies keyof InterpolationFixData);
    const ownDefault = dataText(diagnostic, 'ownDefault' satisfies keyof InterpolationFixData);
    if (!name) return [];
    const [start, end] = span(context);
    const written = document.text.slice(start, end);
    const expected = diagnostic.code === 'unbraced-variable' ? written === `$${name}` : written.startsWith(`\${${name}`) && written.endsWith('}');
    if (!expected) return [];
    const actions: CodeAction[] = [];
    if (ownDefault !== undefined) actions.push(quickFix(`Change to "${name}=${ownDefault}"`, context, [replace(document, start, end, ownDefault)], true));
    actions.push(quickFix(`Use \${${name}}`, context, [replace(document, start, end, `\${${name}}`)], ownDefault === undefined));
    return actions;
  },
};

/** Adds `- VAR` to the top-level environment list (creating the list if there is none). */
export const declareVariableFix: QuickFix = {
  codes: ['undeclared-variable'],
  actions(context) {
    const name = dataText(context.diagnostic, 'name');
    if (!name) return [];
    const edit = declareEdit(context.document, name);
    return edit ? [quickFix(`Declare ${name} in environment`, context, [edit], true)] : [];
  },
};

function lineEnd(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  if (end === -1) return text.length;
  return text[end - 1] === '\r' ? end - 1 : end;
}

function column(document: ManifestDocument, offset: number): number {
  return columnOf(document, offset);
}

function declareEdit(document: ManifestDocument, name: string): TextEdit | undefined {
  const root = document.yaml.contents;
  if (!isMap(root) || root.flow || !root.items.length) return undefined;
  const text = document.text;
  const nl = eol(document);
  const pair = root.items.find((item) => isPair(item) && keyText(item.key) === 'environment') as Pair | undefined;
  const firstKey = root.items[0].key as Node | null;
  const rootIndent = firstKey?.range ? column(document, firstKey.range[0]) : 0;
  if (!pair) {
    // A new list goes first, where Convox manifests usually keep the shared environment.
    const at = firstKey?.range?.[0];
    if (at === undefined) return undefined;
    // After a byte order mark followed by indentation, yaml counts the mark as a column on the first line only: no
    // entry on another line lines up with the first key, so no second entry can be added.
    if (text.charCodeAt(0) === 0xfeff && rootIndent > 0 && !text.slice(0, at).includes('\n')) return undefined;
    return replace(document, at, at, `environment:${nl}${' '.repeat(rootIndent + 2)}- ${name}${nl}${' '.repeat(rootIndent)}`);
  }
  const value = pair.value as Node | null;
  const key = pair.key as Node | null;
  if (value === null || (isScalar(value) && (value.value === null || value.value === undefined) && !value.source)) {
    if (!key?.range) return undefined;
    const at = lineEnd(text, key.range[1]);
    return replace(document, at, at, `${nl}${' '.repeat(rootIndent + 2)}- ${name}`);
  }
  if (!isSeq(value) || !value.range) return undefined;
  return value.flow ? flowInsert(document, value, name) : blockInsert(document, value, name);
}

function flowInsert(document: ManifestDocument, seq: YAMLSeq, name: string): TextEdit | undefined {
  const close = document.text.lastIndexOf(']', seq.range![1]);
  if (close < seq.range![0]) return undefined;
  const last = seq.items[seq.items.length - 1];
  const end = last ? contentEnd(document.text, last) : null;
  return end === null ? replace(document, close, close, name) : replace(document, end, end, `, ${name}`);
}

function blockInsert(document: ManifestDocument, seq: YAMLSeq, name: string): TextEdit | undefined {
  const last = seq.items[seq.items.length - 1];
  const end = last ? contentEnd(document.text, last) : null;
  if (end === null) return undefined;
  const at = lineEnd(document.text, end);
  return replace(document, at, at, `${eol(document)}${' '.repeat(column(document, seq.range![0]))}- ${name}`);
}
