import type { ManifestDocument } from '../document';
import type { Target } from '../settings';
import { patternRegExp, SchemaNode, SCHEMA, schemaForTarget } from './schema';

/**
 * JSON Schema validation of the plain manifest, for the draft-07 subset convox.schema.json uses (type, enum,
 * properties, additionalProperties, required, items, propertyNames, minProperties, pattern, minLength, minimum,
 * maximum, exclusiveMinimum, `$ref` to definitions).
 *
 * The errors are the ones ajv (`allErrors`, `verbose`, strict) gives for the same schema and data, in the same order,
 * field for field: test/unit/schemaValidator.test.ts compares the two on the corpus and on thousands of mutated
 * manifests, and checks that ajv's strict mode accepts the schema. Interpreting the schema instead of compiling it
 * keeps ajv out of the server (its compiler, or a precompiled validator, is larger than the rest of the server) and
 * off start-up, and lets results be kept per value: plain values are shared between document versions
 * (yaml/toPlain.ts), so after a keystroke only the edited service is validated again.
 */
export interface SchemaError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message: string;
  /** Set on the errors of a `propertyNames` schema: the key that fails it. */
  propertyName?: string;
  /** The keyword's value. */
  schema: unknown;
  /** The schema object holding the keyword (its `x-messages` give Convox's wording). */
  parentSchema: SchemaNode;
  /** The value the keyword judged. */
  data: unknown;
}

/** Keyword groups in the order ajv evaluates them; a typed group runs only on data of its type. */
const GROUPS: { type?: 'number' | 'string' | 'array' | 'object'; keywords: string[] }[] = [
  { keywords: ['$ref', 'const', 'enum', 'not', 'anyOf', 'oneOf', 'allOf', 'if'] },
  { type: 'number', keywords: ['maximum', 'minimum', 'exclusiveMaximum', 'exclusiveMinimum', 'multipleOf', 'format'] },
  { type: 'string', keywords: ['maxLength', 'minLength', 'pattern', 'format'] },
  { type: 'array', keywords: ['maxItems', 'minItems', 'additionalItems', 'items', 'contains', 'uniqueItems'] },
  { type: 'object', keywords: ['maxProperties', 'minProperties', 'required', 'propertyNames', 'additionalProperties', 'dependencies', 'properties', 'patternProperties'] },
];

/** Keywords this validator implements; a schema using another one is refused (see `assertSupported`). */
const SUPPORTED = new Set(['$ref', 'enum', 'maximum', 'minimum', 'exclusiveMaximum', 'exclusiveMinimum', 'maxLength', 'minLength', 'pattern', 'items', 'maxProperties', 'minProperties', 'required', 'propertyNames', 'additionalProperties', 'properties', 'type']);

const LIMITS: Record<string, [string, (data: number, limit: number) => boolean]> = {
  maximum: ['<=', (data, limit) => data <= limit],
  minimum: ['>=', (data, limit) => data >= limit],
  exclusiveMaximum: ['<', (data, limit) => data < limit],
  exclusiveMinimum: ['>', (data, limit) => data > limit],
};

const isObject = (data: unknown): data is Record<string, unknown> => data !== null && typeof data === 'object' && !Array.isArray(data);

function isType(type: string, data: unknown): boolean {
  switch (type) {
    case 'object':
      return isObject(data);
    case 'array':
      return Array.isArray(data);
    case 'null':
      return data === null;
    case 'number':
      return typeof data === 'number' && isFinite(data);
    case 'integer':
      return typeof data === 'number' && isFinite(data) && !(data % 1);
    default:
      return typeof data === type;
  }
}

/** JSON Pointer escaping (instance paths); schema paths are also URI-encoded, as ajv writes them. */
const pointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');
const fragment = (key: string) => encodeURIComponent(pointer(key));

/** Code points, as ajv counts string lengths. */
function length(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return a !== a && b !== b;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && equal((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

const refs = new WeakMap<object, boolean>();
/** True when a `$ref` appears anywhere in the schema (as ajv's `hasRef` looks: under every key). */
function hasRef(schema: unknown): boolean {
  if (!schema || typeof schema !== 'object') return false;
  let found = refs.get(schema);
  if (found === undefined) {
    found = Object.entries(schema).some(([key, value]) => key === '$ref' || (Array.isArray(value) ? value.some(hasRef) : hasRef(value)));
    refs.set(schema, found);
  }
  return found;
}

export class SchemaValidator {
  /**
   * Results for (schema, value, instance path), kept as long as the value lives: a value shared with the previous
   * version (same object) under the same path gives the same errors. Per validator: the targets' schemas share
   * nodes (schemaForTarget), whose `$ref`s each resolve in their own root.
   */
  private readonly known = new WeakMap<object, Map<SchemaNode, { path: string; errors: SchemaError[] }>>();

  constructor(private readonly root: SchemaNode) {}

  validate(data: unknown): SchemaError[] {
    const errors: SchemaError[] = [];
    this.check(this.root, data, '', '#', errors);
    return errors;
  }

  private resolve(ref: string): SchemaNode {
    let node: unknown = this.root;
    for (const part of ref.replace(/^#\//, '').split('/')) node = (node as Record<string, unknown>)[decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~')];
    if (!node || typeof node !== 'object') throw new Error(`can't resolve reference ${ref}`);
    return node as SchemaNode;
  }

  private check(schema: SchemaNode, data: unknown, path: string, schemaPath: string, out: SchemaError[], propertyName?: string): void {
    if (data !== null && typeof data === 'object' && propertyName === undefined) {
      let bySchema = this.known.get(data);
      const hit = bySchema?.get(schema);
      if (hit && hit.path === path) {
        for (const error of hit.errors) out.push(error);
        return;
      }
      const errors: SchemaError[] = [];
      this.evaluate(schema, data, path, schemaPath, errors, propertyName);
      if (!bySchema) this.known.set(data, (bySchema = new Map()));
      bySchema.set(schema, { path, errors });
      for (const error of errors) out.push(error);
      return;
    }
    this.evaluate(schema, data, path, schemaPath, out, propertyName);
  }

  private evaluate(schema: SchemaNode, data: unknown, path: string, schemaPath: string, out: SchemaError[], propertyName?: string): void {
    const error = (keyword: string, params: Record<string, unknown>, message: string, errorSchemaPath = `${schemaPath}/${keyword}`): void => {
      const found: SchemaError = { instancePath: path, schemaPath: errorSchemaPath, keyword, params, message, schema: schema[keyword], parentSchema: schema, data };
      if (propertyName !== undefined) found.propertyName = propertyName;
      out.push(found);
    };
    const typeError = () => error('type', { type: schema.type }, `must be ${schema.type}`);
    const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
    // ajv checks the type first, unless a single type has keywords of its own group (then the type error comes
    // where that group would have run).
    const grouped = types.length === 1 && GROUPS.some((group) => group.type === types[0] && group.keywords.some((keyword) => schema[keyword] !== undefined));
    if (types.length && !grouped && !types.some((type) => isType(type, data))) typeError();

    for (const group of GROUPS) {
      if (!group.keywords.some((keyword) => schema[keyword] !== undefined)) continue;
      if (group.type && !isType(group.type, data)) {
        if (grouped && types[0] === group.type) typeError();
        continue;
      }
      for (const keyword of group.keywords) {
        const value = schema[keyword];
        if (value === undefined) continue;
        switch (keyword) {
          case '$ref': {
            // ajv inlines a definition without references of its own (its errors' schema paths start with the
            // reference) and calls one with references as a function of its own (paths start at `#`).
            const ref = value as string;
            const target = this.resolve(ref);
            this.check(target, data, path, hasRef(target) ? '#' : ref, out, propertyName);
            break;
          }
          case 'enum':
            if (!(value as unknown[]).some((allowed) => equal(data, allowed))) error(keyword, { allowedValues: value }, 'must be equal to one of the allowed values');
            break;
          case 'maximum':
          case 'minimum':
          case 'exclusiveMaximum':
          case 'exclusiveMinimum': {
            const [comparison, ok] = LIMITS[keyword];
            if (!ok(data as number, value as number)) error(keyword, { comparison, limit: value }, `must be ${comparison} ${value}`);
            break;
          }
          case 'maxLength':
            if (length(data as string) > (value as number)) error(keyword, { limit: value }, `must NOT have more than ${value} characters`);
            break;
          case 'minLength':
            if (length(data as string) < (value as number)) error(keyword, { limit: value }, `must NOT have fewer than ${value} characters`);
            break;
          case 'pattern':
            if (!patternRegExp(value as string).test(data as string)) error(keyword, { pattern: value }, `must match pattern "${value}"`);
            break;
          case 'items':
            (data as unknown[]).forEach((item, index) => this.check(value as SchemaNode, item, `${path}/${index}`, `${schemaPath}/items`, out));
            break;
          case 'maxProperties':
            if (Object.keys(data as object).length > (value as number)) error(keyword, { limit: value }, `must NOT have more than ${value} properties`);
            break;
          case 'minProperties':
            if (Object.keys(data as object).length < (value as number)) error(keyword, { limit: value }, `must NOT have fewer than ${value} properties`);
            break;
          case 'required':
            for (const missingProperty of value as string[]) {
              if ((data as Record<string, unknown>)[missingProperty] === undefined) error(keyword, { missingProperty }, `must have required property '${missingProperty}'`);
            }
            break;
          case 'propertyNames':
            for (const key in data as object) {
              const before = out.length;
              this.check(value as SchemaNode, key, path, `${schemaPath}/propertyNames`, out, key);
              if (out.length > before) error(keyword, { propertyName: key }, 'property name must be valid');
            }
            break;
          case 'additionalProperties': {
            const properties = schema.properties ?? {};
            for (const key in data as object) {
              if (Object.prototype.hasOwnProperty.call(properties, key)) continue;
              if (value === false) error(keyword, { additionalProperty: key }, 'must NOT have additional properties');
              else if (value !== true) this.check(value as SchemaNode, (data as Record<string, unknown>)[key], `${path}/${pointer(key)}`, `${schemaPath}/additionalProperties`, out);
            }
            break;
          }
          case 'properties':
            for (const key of Object.keys(value as object)) {
              const item = (data as Record<string, unknown>)[key];
              if (item !== undefined) this.check((value as Record<string, SchemaNode>)[key], item, `${path}/${pointer(key)}`, `${schemaPath}/properties/${fragment(key)}`, out);
            }
            break;
          default:
            throw new Error(`convox.schema.json uses "${keyword}", which the schema validator does not implement`);
        }
      }
    }
  }
}

/** Throws when the schema uses a keyword this validator does not implement (a test runs it on convox.schema.json). */
export function assertSupported(node: unknown, inMap = false): void {
  if (Array.isArray(node)) return node.forEach((item) => assertSupported(item));
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (inMap) {
      assertSupported(value);
      continue;
    }
    const isValidation = GROUPS.some((group) => group.keywords.includes(key)) || key === 'type';
    if (isValidation && !SUPPORTED.has(key)) throw new Error(`unsupported schema keyword "${key}"`);
    if (key === 'properties' || key === 'definitions') assertSupported(value, true);
    else if (['items', 'additionalProperties', 'propertyNames'].includes(key)) assertSupported(value);
  }
}

const validators = new Map<Target, SchemaValidator>();

/** The validator for one rack generation (the schema without the other generation's keys). */
export function validatorFor(target: Target): SchemaValidator {
  let validator = validators.get(target);
  if (!validator) validators.set(target, (validator = new SchemaValidator(schemaForTarget(target, SCHEMA))));
  return validator;
}

const errorsByDocument = new WeakMap<ManifestDocument, Map<Target, SchemaError[]>>();

/** Schema errors of a manifest version for a target, computed once: the schema check and other checks share them. */
export function schemaErrors(document: ManifestDocument, target: Target): SchemaError[] {
  let byTarget = errorsByDocument.get(document);
  if (!byTarget) errorsByDocument.set(document, (byTarget = new Map()));
  let errors = byTarget.get(target);
  if (!errors) byTarget.set(target, (errors = validatorFor(target).validate(document.plain.value)));
  return errors;
}

/** `/services/web~1x/port` -> ['services', 'web/x', 'port'] */
export function pointerToPath(pointer: string): string[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}
