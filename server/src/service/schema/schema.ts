import schemaJson from '../../../../schemas/convox.schema.json';
import type { Target } from '../settings';

/** A node of convox.schema.json: JSON Schema draft-07 plus our `x-` annotations (see schemas/README.md). */
export interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  description?: string;
  markdownDescription?: string;
  properties?: Record<string, SchemaNode>;
  patternProperties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  propertyNames?: SchemaNode;
  items?: SchemaNode;
  required?: string[];
  enum?: unknown[];
  examples?: unknown[];
  default?: unknown;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  definitions?: Record<string, SchemaNode>;
  'x-docs'?: string;
  'x-forms'?: string[];
  'x-default'?: string;
  'x-targets'?: Target[];
  'x-since'?: string;
  'x-messages'?: Record<string, string>;
  'x-ignored'?: boolean;
  'x-enum-descriptions'?: string[];
  'x-example-descriptions'?: string[];
  'x-snippets'?: { label: string; description?: string; body: string }[];
  'x-reference'?: 'resource' | 'service' | 'config';
  'x-link'?: 'build-path' | 'dockerfile';
  'x-options-by-type'?: Record<string, string[]>;
  [keyword: string]: unknown;
}

/** Our annotation keywords, declared to ajv so strict mode accepts them (and rejects misspelt ones). */
export const ANNOTATION_KEYWORDS = [
  'markdownDescription',
  'x-docs',
  'x-forms',
  'x-default',
  'x-targets',
  'x-since',
  'x-messages',
  'x-ignored',
  'x-enum-descriptions',
  'x-example-descriptions',
  'x-snippets',
  'x-reference',
  'x-link',
  'x-options-by-type',
];

export const SCHEMA = schemaJson as unknown as SchemaNode;

/**
 * Follows a local `$ref` (`#/definitions/x`). Keywords written beside the `$ref` (a key's own description, docs link
 * or target) win over the referenced definition's, so a shared definition can be annotated per use.
 */
export function deref(node: SchemaNode | undefined, root: SchemaNode = SCHEMA): SchemaNode | undefined {
  if (!node?.$ref) return node;
  let target: SchemaNode | undefined = node;
  for (let hops = 0; target?.$ref && hops < 16; hops++) {
    let next: unknown = root;
    for (const part of target.$ref.replace(/^#\//, '').split('/')) {
      next = (next as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    target = next as SchemaNode | undefined;
  }
  if (!target) return undefined;
  const { $ref: _ref, ...own } = node;
  return { ...target, ...own };
}

export function typesOf(node: SchemaNode | undefined): string[] {
  const type = deref(node)?.type;
  return type === undefined ? [] : Array.isArray(type) ? type : [type];
}

/** The schema of the child `segment` (a key or a list index) of a value described by `node`. */
export function childSchema(node: SchemaNode | undefined, segment: string | number, root: SchemaNode = SCHEMA): SchemaNode | undefined {
  const schema = deref(node, root);
  if (!schema) return undefined;
  if (typeof segment === 'number') return deref(schema.items, root);
  const property = schema.properties?.[segment];
  if (property) return deref(property, root);
  for (const [pattern, child] of Object.entries(schema.patternProperties ?? {})) {
    if (patternRegExp(pattern).test(segment)) return deref(child, root);
  }
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') return deref(schema.additionalProperties, root);
  return undefined;
}

/** Schema patterns (`pattern`, `patternProperties`), compiled once: validation and every lookup below a name use them. */
const patterns = new Map<string, RegExp>();
export function patternRegExp(pattern: string): RegExp {
  let compiled = patterns.get(pattern);
  if (!compiled) patterns.set(pattern, (compiled = new RegExp(pattern, 'u')));
  return compiled;
}

/** The schema that describes the value at `path` from the manifest's root. */
export function schemaAt(path: readonly (string | number)[], root: SchemaNode = SCHEMA): SchemaNode | undefined {
  let node: SchemaNode | undefined = deref(root, root);
  for (const segment of path) {
    node = childSchema(node, segment, root);
    if (!node) return undefined;
  }
  return node;
}

export function appliesTo(node: SchemaNode | undefined, target: Target): boolean {
  const targets = node?.['x-targets'];
  return !targets || targets.includes(target);
}

/**
 * The schema as one rack generation reads it: keys marked for the other generation are removed, so validation
 * reports them as keys this target ignores. Only the nodes on the way to a removed key are copied; the rest (nearly
 * all of it, descriptions included) is shared with the full schema, which the first validation of a cold start
 * would otherwise spend ~7 ms copying.
 */
export function schemaForTarget(target: Target, root: SchemaNode = SCHEMA): SchemaNode {
  const strip = (value: unknown): unknown => {
    if (!value || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      const items = value.map(strip);
      return items.some((item, index) => item !== value[index]) ? items : value;
    }
    const node = value as Record<string, unknown>;
    let copy: Record<string, unknown> | undefined;
    for (const key in node) {
      const child = node[key];
      const kept = key === 'properties' && child && typeof child === 'object' ? keptProperties(child as Record<string, SchemaNode>) : strip(child);
      if (kept !== child) (copy ??= { ...node })[key] = kept;
    }
    return copy ?? node;
  };
  const keptProperties = (properties: Record<string, SchemaNode>): Record<string, SchemaNode> => {
    let copy: Record<string, SchemaNode> | undefined;
    for (const name in properties) {
      const property = properties[name];
      const kept = appliesTo(property, target) ? (strip(property) as SchemaNode) : undefined;
      if (kept === property) continue;
      copy ??= { ...properties };
      if (kept) copy[name] = kept;
      else delete copy[name];
    }
    return copy ?? properties;
  };
  return strip(root) as SchemaNode;
}
