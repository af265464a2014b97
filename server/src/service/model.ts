import { isScalar, isSeq, Node, Scalar } from 'yaml';
import type { ManifestDocument } from './document';
import { deref, mapEntries, mapValue, scalarContentRange, scalarString } from './yaml/nodes';

export type Section = 'services' | 'resources' | 'timers' | 'balancers';
export type ReferenceKind = 'service' | 'resource' | 'config';

/** A named entry of `services`, `resources`, `timers` or `balancers`. */
export interface Definition {
  section: Section;
  name: string;
  keyNode: Node;
  /** The entry's body with aliases followed (null for `web:` with no body). */
  value: Node | null;
}

/** A config declared in the top-level `configs` list (`- id: nginx-conf`). */
export interface ConfigDefinition {
  name: string;
  node: Scalar;
}

/** A place that names a service, resource or config. `start`/`end` cover just the name. */
export interface Reference {
  kind: ReferenceKind;
  name: string;
  node: Scalar;
  start: number;
  end: number;
  /** The service, timer or balancer that holds the reference (`budget` for `budget.neverAutoShutdown`). */
  owner: string;
  ownerSection: Section | 'budget';
}

export interface ManifestModel {
  definitions: Definition[];
  configs: ConfigDefinition[];
  references: Reference[];
  byName(section: Section, name: string): Definition | undefined;
}

/** One walk over the manifest collects every definition and reference; diagnostics and navigation share it. */
export function buildModel(document: ManifestDocument): ManifestModel {
  const doc = document.yaml;
  const root = doc.contents;
  const definitions: Definition[] = [];
  const references: Reference[] = [];
  const configs: ConfigDefinition[] = [];

  for (const section of ['services', 'resources', 'timers', 'balancers'] as const) {
    for (const entry of mapEntries(doc, mapValue(doc, root, section))) {
      definitions.push({ section, name: entry.key, keyNode: entry.pair.key as Node, value: deref(doc, entry.pair.value) });
    }
  }

  const configList = mapValue(doc, root, 'configs');
  if (isSeq(configList)) {
    for (const item of configList.items) {
      const id = mapValue(doc, item, 'id');
      if (isScalar(id) && scalarString(id)) configs.push({ name: scalarString(id)!, node: id });
    }
  }

  const addReference = (kind: ReferenceKind, node: unknown, owner: string, ownerSection: Reference['ownerSection'], splitColon = false) => {
    if (!isScalar(node)) return;
    const text = scalarString(node);
    if (!text) return;
    const [start, end] = scalarContentRange(node);
    const name = splitColon ? text.split(':')[0] : text;
    const leading = name.length - name.trimStart().length;
    const trimmed = name.trim();
    if (!trimmed) return;
    references.push({ kind, name: trimmed, node, start: start + leading, end: Math.min(end, start + leading + trimmed.length), owner, ownerSection });
  };

  const addConfigMounts = (container: unknown, owner: string) => {
    const mounts = mapValue(doc, container, 'configMounts');
    if (!isSeq(mounts)) return;
    for (const mount of mounts.items) addReference('config', mapValue(doc, mount, 'id'), owner, 'services');
  };

  for (const definition of definitions) {
    if (definition.section === 'services') {
      const resources = mapValue(doc, definition.value, 'resources');
      if (isSeq(resources)) for (const item of resources.items) addReference('resource', deref(doc, item), definition.name, 'services', true);
      addConfigMounts(definition.value, definition.name);
      addConfigMounts(mapValue(doc, definition.value, 'initContainer'), definition.name);
    } else if (definition.section === 'timers' || definition.section === 'balancers') {
      addReference('service', mapValue(doc, definition.value, 'service'), definition.name, definition.section);
    }
  }

  const exempt = mapValue(doc, mapValue(doc, root, 'budget'), 'neverAutoShutdown');
  if (isSeq(exempt)) for (const item of exempt.items) addReference('service', deref(doc, item), 'budget', 'budget');

  // The first definition of each name (a duplicate name is reported elsewhere), found in constant time.
  let index: Map<string, Definition> | undefined;
  return {
    definitions,
    configs,
    references,
    byName: (section, name) => {
      if (!index) {
        index = new Map();
        for (const definition of definitions) {
          const key = `${definition.section}\u0000${definition.name}`;
          if (!index.has(key)) index.set(key, definition);
        }
      }
      return index.get(`${section}\u0000${name}`);
    },
  };
}

export const SECTION_OF: Record<ReferenceKind, Section | 'configs'> = {
  service: 'services',
  resource: 'resources',
  config: 'configs',
};
