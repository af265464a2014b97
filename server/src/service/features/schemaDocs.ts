import type { SchemaNode } from '../schema/schema';

/** Markdown for a key, from its schema: description, accepted forms, default, generation and docs link. */
export function keyDocumentation(key: string, schema: SchemaNode): string {
  const parts: string[] = [];
  const targets = schema['x-targets'];
  const badges = [targets ? `${targets.join(', ')} racks only` : '', schema['x-since'] ? `v3 since ${schema['x-since']}` : ''].filter(Boolean);
  parts.push(`**${key}**${badges.length ? ` _(${badges.join('; ')})_` : ''}`);
  const description = schema.markdownDescription ?? schema.description;
  if (description) parts.push(description);
  const forms = schema['x-forms'];
  if (forms?.length) parts.push(`Accepted forms:\n\n\`\`\`yaml\n${forms.join('\n')}\n\`\`\``);
  const defaultText = schema['x-default'] ?? (schema.default !== undefined ? `\`${JSON.stringify(schema.default)}\`` : undefined);
  if (defaultText) parts.push(`Default: ${defaultText}`);
  if (schema['x-docs']) parts.push(`[Convox documentation](${schema['x-docs']})`);
  return parts.join('\n\n');
}

/** Markdown for one enum value or example value, when the schema describes it. */
export function valueDocumentation(schema: SchemaNode, value: unknown): string | undefined {
  const enumIndex = schema.enum?.findIndex((candidate) => candidate === value) ?? -1;
  if (enumIndex >= 0) return schema['x-enum-descriptions']?.[enumIndex];
  const exampleIndex = schema.examples?.findIndex((candidate) => candidate === value) ?? -1;
  if (exampleIndex >= 0) return schema['x-example-descriptions']?.[exampleIndex];
  return undefined;
}
