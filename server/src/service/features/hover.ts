import type { Hover, Position } from 'vscode-languageserver-types';
import { scheduleHover } from '../cron/describe';
import type { ManifestDocument } from '../document';
import { injectedVariables, splitEntry } from '../resourceEnv';
import { schemaAt, SCHEMA, SchemaNode } from '../schema/schema';
import type { ConvoxSettings } from '../settings';
import { mapValue, scalarString } from '../yaml/nodes';
import { nodeAt } from './nodeAt';
import { keyDocumentation, valueDocumentation } from './schemaDocs';

const SECTION_NOUN: Record<string, string> = { services: 'service', resources: 'resource', timers: 'timer', balancers: 'balancer' };
const VALUE_WORDS: Record<string, string> = { URL: 'connection URL', USER: 'user name', PASS: 'password', HOST: 'host name', PORT: 'port', NAME: 'database name' };

/** Hover: what a key means (from the schema), what a value means, and what a resource link injects. */
export function hover(document: ManifestDocument, position: Position, settings: ConvoxSettings): Hover | null {
  const at = nodeAt(document, document.offsetAt(position));
  if (!at) return null;
  const range = document.nodeRange(at.node);
  const markdown = at.onKey ? keyHover(document, at.path) : valueHover(document, at.path, scalarString(at.node) ?? '', settings);
  return markdown ? { contents: { kind: 'markdown', value: markdown }, range } : null;
}

function keyHover(document: ManifestDocument, path: (string | number)[]): string | undefined {
  const key = String(path[path.length - 1]);
  if (path.length === 2 && SECTION_NOUN[String(path[0])]) return entryHover(document, String(path[0]), key);
  const schema = schemaAt(path);
  return schema ? keyDocumentation(key, schema) : undefined;
}

function entryHover(document: ManifestDocument, section: string, name: string): string {
  const noun = SECTION_NOUN[section];
  const schema = schemaAt([section, name]);
  const parts = [`**${noun} \`${name}\`**`];
  if (section === 'resources') {
    const definition = document.model.byName('resources', name);
    const type = scalarString(mapValue(document.yaml, definition?.value, 'type'));
    if (type) parts[0] += ` (${type})`;
    parts.push(typeDescription(type) ?? '', injectedTable(name));
  } else if (schema?.description) {
    parts.push(schema.description);
  }
  return parts.filter(Boolean).join('\n\n');
}

function valueHover(document: ManifestDocument, path: (string | number)[], value: string, settings: ConvoxSettings): string | undefined {
  const schema = schemaAt(path);
  if (!schema) return undefined;
  if (path.length === 3 && path[0] === 'timers' && path[2] === 'schedule' && !value.includes('${')) {
    return `${scheduleHover(value, settings.target)}\n\n---\n\n${keyDocumentation('schedule', schema)}`;
  }
  if (schema['x-reference'] === 'resource') return resourceLinkHover(document, value);
  if (schema['x-reference'] === 'service') {
    const service = document.model.byName('services', value);
    return service ? `**service \`${value}\`** (line ${document.lines.positionAt(service.keyNode.range?.[0] ?? 0).line + 1})` : undefined;
  }
  const key = String([...path].reverse().find((segment) => typeof segment === 'string') ?? '');
  const described = valueDocumentation(schema, value) ?? valueDocumentation(schema, Number(value));
  const keyDocs = keyDocumentation(key, schema);
  return described ? `\`${value}\`: ${described}\n\n---\n\n${keyDocs}` : keyDocs;
}

function resourceLinkHover(document: ManifestDocument, entry: string): string {
  const [name] = splitEntry(entry);
  const definition = document.model.byName('resources', name);
  const type = scalarString(mapValue(document.yaml, definition?.value, 'type'));
  const header = `**resource \`${name}\`**${type ? ` (${type})` : definition ? '' : ' — not defined in this manifest'}`;
  return [header, injectedTable(entry), 'Set the variable with `convox env set` to point the app at an external database instead (the resource is then not started).']
    .filter(Boolean)
    .join('\n\n');
}

function injectedTable(entry: string): string {
  const rows = injectedVariables(entry).map((variable) => `| \`${variable.name}\` | ${VALUE_WORDS[variable.value]} |`);
  return ['Linking it injects:', '', '| Variable | Value |', '|---|---|', ...rows].join('\n');
}

function typeDescription(type: string | undefined): string | undefined {
  if (!type) return undefined;
  const typeSchema = schemaAt(['resources', '_', 'type'], SCHEMA) as SchemaNode | undefined;
  return typeSchema ? valueDocumentation(typeSchema, type) : undefined;
}
