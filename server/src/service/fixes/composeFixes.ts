import type { CodeAction, TextEdit } from 'vscode-languageserver-types';
import { isAlias, isMap, isScalar, isSeq, Node, Pair, Scalar, visit, YAMLMap, YAMLSeq } from 'yaml';
import { ComposeFixData, Conversion, renderEntries } from '../checks/composeLeftovers';
import type { ManifestDocument } from '../document';
import { yamlString } from '../text/yamlQuote';
import { contentEnd } from '../yaml/nodes';
import { isMergeKey, keyText, sourceAt } from '../yaml/toPlain';
import { appendToMap, columnOf, deleteEntry, eol, pairAt, replace } from './edits';
import { dataText, FixContext, QuickFix, quickFix } from './fix';

/**
 * Quick fixes for docker-compose leftovers: convert the key to its Convox equivalent where the meaning is clear
 * (`ports` -> `port`, `healthcheck` -> `health`, `deploy` -> `scale`, `build.context` -> `build.path`, an
 * `environment` map -> a list, ...), otherwise remove it. Also `Convert to a string` for a v3 `command` list
 * (`v3-form`, reported by checks/generationForms.ts).
 */
export const composeFixes: QuickFix = {
  codes: ['compose-key', 'compose-form', 'v3-form'],
  actions(context) {
    const { diagnostic } = context;
    if (diagnostic.code === 'v3-form') return commandListFix(context);
    const data = composeFixData(diagnostic.data);
    if (!data) return [];
    const found = entryAt(context.document, data.path);
    if (!found) return []; // reached through an alias or merge key: the text to edit is shared, leave it to the user
    // An anchor in the entry may be used elsewhere: only edits that keep the value's text in place are safe then.
    const anchored = hasAnchor(found.pair.value as Node | null);
    const keepsValue = data.convert?.kind === 'rename' || data.convert?.kind === 'map-to-list';
    const actions: CodeAction[] = [];
    const converted = data.convert && (keepsValue || !anchored) ? conversionEdits(context.document, found, data.path.slice(0, -1), data.convert) : undefined;
    if (converted) actions.push(quickFix(data.convert!.title, context, converted, true));
    if (data.removable && !anchored) actions.push(quickFix(`Remove "${data.key}"`, context, [deleteEntry(context.document, found.pair, found.map)], !converted));
    return actions;
  },
};

/** The data compose-key and compose-form attached, when the client sent it back whole (it may change or lose it). */
function composeFixData(data: unknown): ComposeFixData | undefined {
  if (!isRecord(data) || !isStringList(data.path) || typeof data.key !== 'string' || typeof data.removable !== 'boolean') return undefined;
  if (data.convert !== undefined && !isConversion(data.convert)) return undefined;
  return data as unknown as ComposeFixData;
}

function isConversion(value: unknown): value is Conversion {
  if (!isRecord(value) || typeof value.title !== 'string') return false;
  switch (value.kind) {
    case 'replace':
      return isEntryList(value.entries);
    case 'rename':
      return typeof value.to === 'string';
    case 'merge':
      return typeof value.into === 'string' && isEntryList(value.entries);
    case 'append':
      return typeof value.into === 'string' && isStringList(value.items);
    case 'map-to-list':
      return true;
    default:
      return false;
  }
}

/** `[key, scalar | entries | {items}]` pairs, nested (YamlEntry). */
function isEntryList(value: unknown): boolean {
  return Array.isArray(value) && value.every((entry) => {
    if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string') return false;
    const inner: unknown = entry[1];
    if (typeof inner === 'string' || typeof inner === 'boolean' || (typeof inner === 'number' && Number.isFinite(inner))) return true;
    if (isRecord(inner)) return Array.isArray(inner.items) && inner.items.every((item) => typeof item === 'string' || typeof item === 'number');
    return isEntryList(inner);
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function hasAnchor(node: Node | null): boolean {
  if (!node) return false;
  let found = false;
  visit(node, {
    Node(_, child) {
      if (!isAlias(child) && (child as Node & { anchor?: string }).anchor) {
        found = true;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found || Boolean((node as Node & { anchor?: string }).anchor);
}

interface Entry {
  pair: Pair;
  map: YAMLMap;
}

/** The entry at `path`, when it is written there (not brought in through an alias or merge key). */
function entryAt(document: ManifestDocument, path: readonly string[]): Entry | undefined {
  const source = sourceAt(document.plain, path);
  if (!source || source.via || !source.keyNode?.range) return undefined;
  return pairAt(document, source.keyNode.range[0]);
}

/** The map the entry at `path` lives in, written in place (block style). */
function ownNode(document: ManifestDocument, path: readonly string[]): Node | undefined {
  const source = sourceAt(document.plain, path);
  if (!source || source.via || !source.node) return undefined;
  return source.node;
}

function column(document: ManifestDocument, offset: number): number {
  return columnOf(document, offset);
}

/** The end of an entry's own text (its last value character; trailing comments and line breaks stay). */
function entryEnd(document: ManifestDocument, pair: Pair): number {
  const keyEnd = (pair.key as Node).range![1];
  const end = contentEnd(document.text, pair) ?? keyEnd;
  if (end > keyEnd) return end;
  // `KEY:` with no value: the entry ends at its colon.
  const colon = document.text.indexOf(':', keyEnd);
  return colon >= 0 && document.text.slice(keyEnd, colon).trim() === '' ? colon + 1 : end;
}

function conversionEdits(document: ManifestDocument, { pair, map }: Entry, parentPath: readonly string[], convert: Conversion): TextEdit[] | undefined {
  const key = pair.key as Node;
  const start = key.range![0];
  const nl = eol(document);
  const indent = ' '.repeat(column(document, start));
  const siblingPath = (name: string) => [...parentPath, name];
  switch (convert.kind) {
    case 'rename':
      return [replace(document, start, key.range![1], convert.to)];
    case 'replace': {
      if (map.flow) return undefined;
      const value = pair.value as Node | null;
      const lines = renderEntries(convert.entries, { flowLists: (isSeq(value) || isMap(value)) && value.flow === true });
      return [replace(document, start, entryEnd(document, pair), lines.join(nl + indent))];
    }
    case 'merge': {
      const target = siblingPath(convert.into);
      const into = ownNode(document, target);
      if (!isMap(into) || into.flow || map.flow) return undefined;
      return [appendToMap(document, into, renderEntries(convert.entries).join('\n')), deleteEntry(document, pair, map)];
    }
    case 'append': {
      const target = siblingPath(convert.into);
      const into = ownNode(document, target);
      if (!isSeq(into)) return undefined;
      const edits: TextEdit[] = [];
      if (convert.items.length) {
        const append = appendToSeq(document, into, convert.items);
        if (!append) return undefined;
        edits.push(append);
      }
      edits.push(deleteEntry(document, pair, map));
      return edits;
    }
    case 'map-to-list':
      return mapToListEdits(document, pair.value as Node | null);
  }
}

/** Items added at the end of a list: a new `- item` line in a block list, `, item` before `]` in a flow list. */
function appendToSeq(document: ManifestDocument, seq: YAMLSeq, items: readonly string[]): TextEdit | undefined {
  const text = document.text;
  if (seq.flow) {
    const close = seq.range![1] - 1;
    if (text[close] !== ']') return undefined;
    const written = items.map((item) => yamlString(item, { flow: true })).join(', ');
    return replace(document, close, close, `${seq.items.length ? ', ' : ''}${written}`);
  }
  const first = seq.items[0] as Node | undefined;
  const last = seq.items[seq.items.length - 1] as Node | undefined;
  if (!first?.range || !last) return undefined;
  const lineStart = text.lastIndexOf('\n', first.range[0] - 1) + 1;
  const prefix = /^(\s*)-\s+$/.exec(text.slice(lineStart, first.range[0]));
  const end = contentEnd(text, last);
  if (!prefix || end === null) return undefined;
  // After the last item's line, comment included: `- cache   # sessions` keeps its comment.
  const lineBreak = text.indexOf('\n', end);
  const at = lineBreak < 0 ? text.length : text[lineBreak - 1] === '\r' ? lineBreak - 1 : lineBreak;
  const nl = eol(document);
  return replace(document, at, at, items.map((item) => `${nl}${prefix[1]}- ${yamlString(item)}`).join(''));
}

/** `KEY: value` entries -> `- KEY=value` items, in place: order, comments and blank lines between them stay. */
function mapToListEdits(document: ManifestDocument, node: Node | null): TextEdit[] | undefined {
  if (!isMap(node)) return undefined;
  const items: { pair: Pair; text: string }[] = [];
  for (const pair of node.items) {
    if (isMergeKey(pair) || !isScalar(pair.key)) return undefined;
    const value = pair.value as Node | null;
    if (value !== null && !isScalar(value)) return undefined; // a nested map, list or alias has no KEY=value form
    const name = keyText(pair.key);
    const scalar = value as Scalar | null;
    const raw = scalar === null || scalar.value === null ? undefined : scalar.type === 'PLAIN' && typeof scalar.source === 'string' ? scalar.source : String(scalar.value);
    items.push({ pair, text: raw === undefined ? name : `${name}=${raw}` });
  }
  if (node.flow) {
    const written = items.map((item) => yamlString(item.text, { flow: true })).join(', ');
    return [replace(document, node.range![0], node.range![1], `[${written}]`)];
  }
  return items.map(({ pair, text }) => replace(document, (pair.key as Node).range![0], entryEnd(document, pair), `- ${yamlString(text)}`));
}

/** v3-form for a `command` list: replace the list with the shell string the check computed. */
function commandListFix(context: FixContext): CodeAction[] {
  const { document, diagnostic } = context;
  const command = dataText(diagnostic, 'command');
  if (dataText(diagnostic, 'form') !== 'command-list' || !command) return [];
  const start = document.offsetAt(diagnostic.range.start);
  let found: Pair | undefined;
  visit(document.yaml, {
    Pair(_, pair) {
      const value = pair.value as Node | null;
      if (isSeq(value) && !isAlias(value) && value.range?.[0] === start) {
        found = pair;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  const value = found?.value as YAMLSeq | undefined;
  const key = found?.key as Node | undefined;
  if (!value || !key?.range) return [];
  const colon = document.text.indexOf(':', key.range[1]);
  const end = contentEnd(document.text, value);
  if (colon < 0 || colon >= value.range![0] || end === null) return [];
  return [quickFix('Convert to a string', context, [replace(document, colon + 1, end, ` ${yamlString(command)}`)], true)];
}
