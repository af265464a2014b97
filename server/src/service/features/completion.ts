import { CompletionItem, CompletionItemKind, CompletionList, InsertTextFormat, Position, Range } from 'vscode-languageserver-types';
import type { ManifestDocument } from '../document';
import { appliesTo, childSchema, schemaAt, SchemaNode, typesOf } from '../schema/schema';
import type { ConvoxSettings } from '../settings';
import { mapValue, scalarString } from '../yaml/nodes';
import { CursorContext, cursorContext } from './cursor';
import { keyDocumentation, valueDocumentation } from './schemaDocs';

const REFERENCE_SECTION = { service: 'services', resource: 'resources' } as const;

/**
 * Completion at a position: keys valid there, values for the key being typed, snippets and references.
 * `itemDefaults`: the fields the editor fills in from `CompletionList.itemDefaults` (LSP 3.17, the client's
 * `completionList.itemDefaults` capability); what every item shares is then sent once for the list.
 */
export function complete(document: ManifestDocument, position: Position, settings: ConvoxSettings, itemDefaults: ReadonlySet<string> = NONE): CompletionList {
  const offset = document.offsetAt(position);
  if (inComment(document.text, offset)) return { isIncomplete: false, items: [] };
  const context = cursorContext(document.text, offset);
  const range = document.range(context.wordStart, offset);
  return withItemDefaults(itemsFor(document, context, settings, range), itemDefaults);
}
const NONE: ReadonlySet<string> = new Set();

/** What the items of a key list carry for resolveCompletion: where their keys' schema is (the key is the label). */
interface KeyItemData {
  schemaPath: (string | number)[];
}

function isKeyItemData(data: unknown): data is KeyItemData {
  const value = data as KeyItemData | null | undefined;
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray(value.schemaPath) &&
    value.schemaPath.length <= 16 &&
    value.schemaPath.every((part) => typeof part === 'string' || typeof part === 'number')
  );
}

/** `completionItem/resolve`: the documentation of a key item (the item comes back from the editor as it was sent). */
export function resolveCompletion(item: CompletionItem): CompletionItem {
  if (item.documentation !== undefined || typeof item.label !== 'string' || !isKeyItemData(item.data)) return item;
  const schema = schemaAt([...item.data.schemaPath, item.label]);
  return schema ? { ...item, documentation: { kind: 'markdown', value: keyDocumentation(item.label, schema) } } : item;
}

/**
 * The list, with the edit range, insert format and data every item shares moved to `itemDefaults` where the editor
 * supports it: a service's key list is ~40% of its size that way (the range alone is a third of each item).
 */
function withItemDefaults(items: CompletionItem[], supported: ReadonlySet<string>): CompletionList {
  const shared = <T>(value: (item: CompletionItem) => T, name: string): T | undefined => {
    const first = items.length > 1 && supported.has(name) ? value(items[0]) : undefined;
    return first !== undefined && items.every((item) => value(item) === first) ? first : undefined;
  };
  const editRange = shared((item) => (item.textEdit && 'range' in item.textEdit ? item.textEdit.range : undefined), 'editRange');
  const insertTextFormat = shared((item) => item.insertTextFormat, 'insertTextFormat');
  const data = shared((item) => item.data as unknown, 'data');
  if (!editRange && insertTextFormat === undefined && data === undefined) return { isIncomplete: false, items };
  return {
    isIncomplete: false,
    itemDefaults: { ...(editRange && { editRange }), ...(insertTextFormat !== undefined && { insertTextFormat }), ...(data !== undefined && { data }) },
    items: items.map(({ textEdit, insertTextFormat: format, data: itemData, ...item }) => ({
      ...item,
      ...(editRange ? { textEditText: textEdit!.newText } : { textEdit }),
      ...(insertTextFormat === undefined && format !== undefined && { insertTextFormat: format }),
      ...(data === undefined && itemData !== undefined && { data: itemData }),
    })),
  };
}

function itemsFor(document: ManifestDocument, context: CursorContext, settings: ConvoxSettings, range: Range): CompletionItem[] {
  switch (context.position) {
    case 'key':
      return keyItems(document, context.path, context, settings, range);
    case 'value':
      return valueItems(document, [...context.path, context.key ?? ''], context, range);
    case 'item': {
      const itemSchema = childSchema(schemaAt(context.path), 0);
      if (typesOf(itemSchema).length === 1 && typesOf(itemSchema)[0] === 'object') {
        return keyItems(document, [...context.path, 0], { ...context, indent: context.indent + 2, siblings: new Set() }, settings, range);
      }
      return valueItems(document, [...context.path, 0], context, range);
    }
  }
}

function keyItems(document: ManifestDocument, path: (string | number)[], context: CursorContext, settings: ConvoxSettings, range: Range): CompletionItem[] {
  const schema = schemaAt(path);
  if (!schema || !typesOf(schema).includes('object')) return [];
  const items: CompletionItem[] = [];
  // One object for every item, so it can go to itemDefaults; items with their documentation never need it.
  const data: KeyItemData = { schemaPath: path };
  const properties = { ...(schema.properties ?? {}), ...optionKeys(document, path) };
  for (const [key, property] of Object.entries(properties)) {
    if (context.siblings.has(key) || !appliesTo(property, settings.target)) continue;
    const fromSchema = childSchema(schema, key);
    const resolved = fromSchema ?? property;
    items.push({
      label: key,
      kind: CompletionItemKind.Property,
      detail: resolved.description,
      // The documentation of a schema key is sent when the editor shows the item (resolveCompletion): a service's
      // key list is ~25 KB with it, and most of it is never looked at.
      ...(!fromSchema && { documentation: { kind: 'markdown', value: keyDocumentation(key, resolved) } }),
      data,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range, newText: keyInsertText(key, resolved, context.indent) },
    });
  }
  for (const snippet of schema['x-snippets'] ?? []) {
    const firstKey = snippet.body.split(':')[0];
    if (context.siblings.has(firstKey)) continue;
    items.push({
      // A snippet named like a key gets a distinct label, so the list does not show the same word twice.
      label: items.some((item) => item.label === snippet.label) ? `${snippet.label} …` : snippet.label,
      kind: CompletionItemKind.Snippet,
      detail: snippet.description,
      documentation: { kind: 'markdown', value: `\`\`\`yaml\n${snippet.body.replace(/\$\{\d+:?([^}|]*)\}|\$\d+/g, '$1')}\n\`\`\`` },
      data,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range, newText: indentBody(snippet.body, context.indent) },
      filterText: firstKey.startsWith('${') ? context.word || snippet.label : firstKey,
      // Keys sort by their labels; '~' sorts after every letter, so snippets come after the keys.
      sortText: `~${snippet.label}`,
    });
  }
  return items;
}

/** Resource `options` keys depend on the resource's type (`x-options-by-type`). */
function optionKeys(document: ManifestDocument, path: (string | number)[]): Record<string, SchemaNode> {
  if (path.length !== 3 || path[0] !== 'resources' || path[2] !== 'options') return {};
  const byType = schemaAt(path)?.['x-options-by-type'];
  const resource = document.model.byName('resources', String(path[1]));
  const type = scalarString(mapValue(document.yaml, resource?.value, 'type'));
  const options = (type && byType?.[type]) || [];
  return Object.fromEntries(options.map((option) => [option, { type: 'string', description: `${type} option` } as SchemaNode]));
}

function keyInsertText(key: string, schema: SchemaNode, indent: number): string {
  const types = typesOf(schema);
  const nested = ' '.repeat(indent + 2);
  if (types.length === 1 && types[0] === 'object') return `${key}:\n${nested}$0`;
  if (types.length === 1 && types[0] === 'array') return `${key}:\n${nested}- $0`;
  if (schema.enum?.length) return `${key}: \${1|${schema.enum.map((value) => String(value).replace(/[|,]/g, '\\$&')).join(',')}|}`;
  if (types.length === 1 && types[0] === 'boolean') return `${key}: \${1|true,false|}`;
  return `${key}: $0`;
}

/** Snippet bodies are written with the key at column 0; later lines move with the cursor's indentation. */
function indentBody(body: string, indent: number): string {
  const pad = ' '.repeat(indent);
  return body
    .split('\n')
    .map((line, index) => (index === 0 || line === '' ? line : pad + line))
    .join('\n');
}

function valueItems(document: ManifestDocument, path: (string | number)[], context: CursorContext, range: Range): CompletionItem[] {
  const schema = schemaAt(path);
  if (!schema) return [];
  const items: CompletionItem[] = [];
  const add = (value: string, kind: CompletionItemKind, documentation?: string, detail?: string) => {
    if (items.some((item) => item.label === value)) return;
    items.push({
      label: value,
      kind,
      detail,
      documentation: documentation ? { kind: 'markdown', value: documentation } : undefined,
      textEdit: { range, newText: value },
    });
  };
  const reference = schema['x-reference'];
  if (reference === 'config') {
    for (const config of document.model.configs) add(config.name, CompletionItemKind.Reference, undefined, 'config');
  } else if (reference) {
    for (const definition of document.model.definitions) {
      if (definition.section !== REFERENCE_SECTION[reference] || context.listed.has(definition.name)) continue;
      const type = reference === 'resource' ? scalarString(mapValue(document.yaml, definition.value, 'type')) : undefined;
      add(definition.name, CompletionItemKind.Reference, undefined, type ? `resource (${type})` : reference);
    }
  }
  for (const value of schema.enum ?? []) add(String(value), CompletionItemKind.EnumMember, valueDocumentation(schema, value));
  for (const value of schema.examples ?? []) add(String(value), CompletionItemKind.Value, valueDocumentation(schema, value));
  if (typesOf(schema).includes('boolean')) {
    add('true', CompletionItemKind.Value);
    add('false', CompletionItemKind.Value);
  }
  if (schema.default !== undefined && typeof schema.default !== 'object') add(String(schema.default), CompletionItemKind.Value, undefined, 'default');
  return items;
}

function inComment(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  return /(^|\s)#/.test(before.replace(/"[^"]*"|'[^']*'/g, '""'));
}
