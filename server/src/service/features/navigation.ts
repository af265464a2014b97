import { Location, Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { isScalar, Node, Scalar } from 'yaml';
import type { ManifestDocument } from '../document';
import { Reference, ReferenceKind } from '../model';
import { scalarContentRange } from '../yaml/nodes';

/** Names Convox accepts for services and resources (and the ids used for configs here). */
const NAME = /^[a-z][a-z0-9-]*$/;

/** A rename the manifest cannot take (invalid or already used name); the server answers it as InvalidParams. */
export class RenameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RenameError';
  }
}

/** What the cursor is on: a name that navigation and rename understand. */
interface Target {
  kind: ReferenceKind;
  name: string;
  /** Offsets of just the name under the cursor (inside quotes). */
  start: number;
  end: number;
  /** True on the declaration (a services/resources key or a config id), false on a use. */
  declaration: boolean;
}

const SECTION = { service: 'services', resource: 'resources' } as const;
const NOUN: Record<ReferenceKind, string> = { service: 'service', resource: 'resource', config: 'config' };

function referenceAt(doc: ManifestDocument, offset: number): Reference | undefined {
  return doc.model.references.find((ref) => ref.start <= offset && offset <= ref.end);
}

function targetAt(doc: ManifestDocument, position: Position): Target | undefined {
  const offset = doc.offsetAt(position);
  const ref = referenceAt(doc, offset);
  if (ref) return { kind: ref.kind, name: ref.name, start: ref.start, end: ref.end, declaration: false };
  const model = doc.model;
  for (const definition of model.definitions) {
    if (definition.section !== 'services' && definition.section !== 'resources') continue;
    const key = definition.keyNode;
    if (!isScalar(key) || !key.range || !(key.range[0] <= offset && offset <= key.range[1])) continue;
    const [start, end] = scalarContentRange(key as Scalar);
    return { kind: definition.section === 'services' ? 'service' : 'resource', name: definition.name, start, end, declaration: true };
  }
  for (const config of model.configs) {
    const range = config.node.range;
    if (!range || !(range[0] <= offset && offset <= range[1])) continue;
    const [start, end] = scalarContentRange(config.node);
    return { kind: 'config', name: config.name, start, end, declaration: true };
  }
  return undefined;
}

/** Every declaration of a name, in document order (duplicated keys give more than one; the first one wins). */
function declarations(doc: ManifestDocument, kind: ReferenceKind, name: string): Node[] {
  const model = doc.model;
  const nodes: Node[] =
    kind === 'config'
      ? model.configs.filter((config) => config.name === name).map((config) => config.node)
      : model.definitions.filter((d) => d.section === SECTION[kind] && d.name === name).map((d) => d.keyNode);
  return unique(nodes, (node) => node.range?.[0] ?? -1);
}

/** The uses of a name; one per place in the text (aliases can make several services share one node). */
function uses(doc: ManifestDocument, kind: ReferenceKind, name: string): Reference[] {
  return unique(
    doc.model.references.filter((ref) => ref.kind === kind && ref.name === name),
    (ref) => `${ref.start}:${ref.end}`,
  ).sort((a, b) => a.start - b.start);
}

function unique<T>(items: T[], key: (item: T) => unknown): T[] {
  const seen = new Set<unknown>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Go to definition: from a use of a service, resource or config to where it is declared. */
export function definition(doc: ManifestDocument, position: Position): Location[] | null {
  const ref = referenceAt(doc, doc.offsetAt(position));
  if (!ref) return null;
  const [first] = declarations(doc, ref.kind, ref.name);
  return first ? [Location.create(doc.uri, doc.nodeRange(first))] : null;
}

/** Find references: every use of the name under the cursor (a use or a declaration), plus its declaration if asked. */
export function references(doc: ManifestDocument, position: Position, includeDeclaration: boolean): Location[] | null {
  const target = targetAt(doc, position);
  if (!target) return null;
  const out: Location[] = [];
  if (includeDeclaration) {
    const [first] = declarations(doc, target.kind, target.name);
    if (first) out.push(Location.create(doc.uri, doc.nodeRange(first)));
  }
  for (const ref of uses(doc, target.kind, target.name)) out.push(Location.create(doc.uri, doc.range(ref.start, ref.end)));
  return out;
}

export function prepareRename(doc: ManifestDocument, position: Position): { range: Range; placeholder: string } | null {
  const target = targetAt(doc, position);
  if (!target) return null;
  return { range: doc.range(target.start, target.end), placeholder: target.name };
}

/**
 * Renames a service, resource or config: its declaration and every use. Only the name changes: `db:DATABASE_URL`
 * keeps its `:DATABASE_URL`, quoted values keep their quotes. Variables a resource link injects are not renamed.
 */
export function rename(doc: ManifestDocument, position: Position, newName: string): WorkspaceEdit | null {
  const target = targetAt(doc, position);
  if (!target) return null;
  const noun = NOUN[target.kind];
  if (!NAME.test(newName)) {
    throw new RenameError(
      `"${newName}" is not a valid ${noun} name: use lowercase letters, digits and dashes, starting with a letter (e.g. "${noun === 'config' ? 'app-config' : 'web-api'}").`,
    );
  }
  if (newName === target.name) return { changes: { [doc.uri]: [] } };
  const model = doc.model;
  const taken =
    target.kind === 'config'
      ? model.configs.some((config) => config.name === newName)
      : model.definitions.some((d) => d.section === SECTION[target.kind as 'service' | 'resource'] && d.name === newName);
  if (taken) {
    throw new RenameError(`A ${noun} named "${newName}" already exists in ${target.kind === 'config' ? 'configs' : SECTION[target.kind as 'service' | 'resource']}; choose a name no other ${noun} uses.`);
  }

  const edits: TextEdit[] = [];
  const seen = new Set<string>();
  const edit = (start: number, end: number) => {
    const key = `${start}:${end}`;
    if (seen.has(key)) return;
    seen.add(key);
    edits.push(TextEdit.replace(doc.range(start, end), newName));
  };
  for (const node of declarations(doc, target.kind, target.name)) {
    if (!isScalar(node) || !node.range) continue;
    const [start, end] = scalarContentRange(node as Scalar);
    edit(start, end);
  }
  for (const ref of uses(doc, target.kind, target.name)) edit(ref.start, ref.end);
  edits.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { changes: { [doc.uri]: edits } };
}
