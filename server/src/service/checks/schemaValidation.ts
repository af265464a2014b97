import { isScalar, Node } from 'yaml';
import { composeReportsInstead } from '../compose/keys';
import type { ManifestDocument } from '../document';
import type { Check, CheckContext, Location } from '../diagnostics/rule';
import { appliesTo, SchemaNode, schemaAt } from '../schema/schema';
import { pointerToPath, SchemaError, schemaErrors } from '../schema/validator';
import { didYouMean } from '../text/suggest';
import { keyLocation } from './support';
import { sourceAt } from '../yaml/toPlain';

const NAMED_SECTIONS = new Set(['services', 'resources', 'timers', 'balancers']);
const SECTION_NOUN: Record<string, string> = { services: 'service', resources: 'resource', timers: 'timer', balancers: 'balancer' };

/** Validates the manifest against convox.schema.json for the chosen rack generation and maps each error to YAML. */
export const schemaValidation: Check = {
  rules: [
    { code: 'invalid-type', severity: 'error', title: 'A value has a type Convox cannot load (for example a list where a string is expected)' },
    { code: 'invalid-value', severity: 'error', title: 'A value has the right type but a form or range Convox rejects' },
    { code: 'missing-key', severity: 'error', title: 'A required key is missing' },
    { code: 'unknown-key', severity: 'warning', title: 'A key Convox does not read (it is silently ignored)' },
    { code: 'unsupported-on-target', severity: 'warning', title: 'A key only the other rack generation (v2 or v3) reads' },
    { code: 'ignored-value', severity: 'warning', title: 'A value of a type Convox silently ignores, so the default applies' },
  ],
  run(context) {
    const { document, settings } = context;
    if (document.yaml.contents === null) return; // an empty or comment-only file is an empty manifest
    for (const error of schemaErrors(document, settings.target)) reportError(context, error);
  },
};

function reportError(context: CheckContext, error: SchemaError): void {
  const { document } = context;
  const path = pointerToPath(error.instancePath);
  const schema = (error.parentSchema ?? {}) as SchemaNode;
  const messages = schema['x-messages'] ?? {};
  const fill = (template: string, extra: Record<string, string> = {}) => fillTemplate(template, { ...placeholders(path, error.data), ...extra });

  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      if (path.length === 0 && key.startsWith('x-')) return; // anchor holders such as `x-common:` are intentional
      if (path.length === 2 && path[0] === 'services' && key === 'release' && context.settings.rules['release-key'] !== 'off') return; // reported as release-key
      if (composeReportsInstead(context.settings, [...path, key], (error.data as Record<string, unknown> | null)?.[key])) return; // reported as compose-key
      const keyPath = [...path, key];
      const location = keyLocation(document, keyPath);
      if (!location) return;
      const known = Object.keys((schema.properties ?? {}) as object);
      const other = otherTarget(context.settings.target);
      const inOtherTarget = schemaAt(keyPath);
      if (inOtherTarget && !appliesTo(inOtherTarget, context.settings.target)) {
        context.report({
          code: 'unsupported-on-target',
          location,
          message: `"${key}" is only read by ${other} racks; ${context.settings.target} racks ignore it. Remove it, or set "convox.target" to "${other}" if this app runs on a ${other} rack.`,
          data: { key },
        });
        return;
      }
      if (key === '') {
        context.report({ code: 'unknown-key', location, message: `An entry with no key before its ":"${where(path)}: Convox ignores it. Write the key before the ":", or remove the entry.`, data: { key } });
        return;
      }
      const suggestion = didYouMean(key, known);
      context.report({
        code: 'unknown-key',
        location,
        message: `Unknown key "${key}"${where(path)}: Convox ignores it.${suggestion ? ` Did you mean "${suggestion}"?` : ` Known keys here: ${known.slice(0, 12).join(', ')}${known.length > 12 ? ', ...' : ''}.`}`,
        data: { key, suggestion },
      });
      return;
    }
    case 'required': {
      const missing = String(error.params.missingProperty);
      const location = path.length ? keyLocation(document, path) : rootLocation(document);
      if (!location) return;
      const template = messages.required;
      context.report({
        code: 'missing-key',
        location,
        message: template ? fill(template, { key: missing }) : `Missing required key "${missing}"${where(path)}. Add \`${missing}:\`.`,
        data: { missing },
      });
      return;
    }
    case 'propertyNames':
      return; // the failing name is reported by the nested error that carries `propertyName`
    default:
      break;
  }

  if (error.propertyName !== undefined) {
    const location = keyLocation(document, [...path, error.propertyName]);
    if (!location) return;
    context.report({
      code: 'invalid-value',
      location,
      message: messages[error.keyword] ? fill(messages[error.keyword], { value: error.propertyName }) : `Invalid key "${error.propertyName}"${where(path)}: ${error.message}.`,
    });
    return;
  }

  if (error.data === null && error.keyword === 'type') {
    // `key:` with no value loads as the zero value in yaml.v2: fine, unless that leaves a required key blank.
    const missing = schema.required?.[0];
    const location = missing && keyLocation(document, path);
    if (location) {
      context.report({
        code: 'missing-key',
        location,
        message: messages.required ? fill(messages.required, { key: missing }) : `Missing required key "${missing}"${where(path)}.`,
        data: { missing },
      });
    }
    return;
  }
  if (composeReportsInstead(context.settings, path, error.data)) return; // reported as compose-form
  const source = valueLocation(document, path);
  if (!source || source.interpolated) return; // `${VAR}` is replaced before Convox parses the file
  const ignored = error.keyword === 'type' && schema['x-ignored'] === true;
  const template = messages[error.keyword];
  context.report({
    code: ignored ? 'ignored-value' : error.keyword === 'type' ? 'invalid-type' : 'invalid-value',
    location: source.location,
    message: template ? fill(template) : defaultMessage(error, path),
  });
}

function otherTarget(target: string): string {
  return target === 'v3' ? 'v2' : 'v3';
}

function where(path: string[]): string {
  if (path.length === 0) return ' at the top level';
  if (path.length >= 2 && NAMED_SECTIONS.has(path[0])) {
    const rest = path.slice(2);
    return ` in ${SECTION_NOUN[path[0]]} "${path[1]}"${rest.length ? ` (${rest.join('.')})` : ''}`;
  }
  return ` in ${path.join('.')}`;
}

function placeholders(path: string[], data: unknown): Record<string, string> {
  return {
    key: path.length ? path[path.length - 1] : '',
    name: path.length >= 2 && NAMED_SECTIONS.has(path[0]) ? path[1] : '',
    value: typeof data === 'object' && data !== null ? JSON.stringify(data) : String(data),
    type: kindOf(data),
  };
}

export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{(key|name|value|type)\}/g, (_, name: string) => values[name] ?? '');
}

export function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'map';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function defaultMessage(error: SchemaError, path: string[]): string {
  const key = path.length ? `"${path[path.length - 1]}"` : 'The manifest';
  switch (error.keyword) {
    case 'type':
      return `${key}${where(path.slice(0, -1))} must be ${describeTypes(String(error.params.type))}, not ${article(kindOf(error.data))}.`;
    case 'enum':
      return `${key}${where(path.slice(0, -1))} must be one of: ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}.`;
    case 'pattern':
      return `${key}${where(path.slice(0, -1))} has an invalid form: ${JSON.stringify(error.data)}.`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${key}${where(path.slice(0, -1))} ${error.message}; found ${JSON.stringify(error.data)}.`;
    default:
      return `${key}${where(path.slice(0, -1))}: ${error.message}.`;
  }
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  object: 'a map',
  array: 'a list',
  null: 'empty',
};

function describeTypes(types: string): string {
  const words = types.split(',').map((t) => TYPE_WORDS[t] ?? t);
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}` : words[0];
}

function article(kind: string): string {
  return TYPE_WORDS[kind === 'list' ? 'array' : kind === 'map' ? 'object' : kind] ?? kind;
}

function locationOf(node: Node | null | undefined): Location | undefined {
  if (!node?.range) return undefined;
  return { start: node.range[0], end: node.range[1] };
}

function rootLocation(document: ManifestDocument): Location {
  return locationOf(document.yaml.contents as Node | null) ?? { start: 0, end: 0 };
}

/** The value at `path` (where wrong-value findings go); `${VAR}` values are flagged so they can be skipped. */
function valueLocation(document: ManifestDocument, path: readonly (string | number)[]): { location: Location; interpolated: boolean } | undefined {
  if (path.length === 0) return { location: rootLocation(document), interpolated: false };
  const entry = sourceAt(document.plain, path);
  if (!entry) return undefined;
  const node = entry.via ?? entry.node ?? entry.keyNode;
  const location = locationOf(node);
  if (!location) return undefined;
  const value = isScalar(entry.node) ? entry.node.value : undefined;
  const interpolated = typeof value === 'string' && value.includes('${');
  return { location, interpolated };
}
