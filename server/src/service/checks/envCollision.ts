import type { Check } from '../diagnostics/rule';
import { declarationKeyLocation, EnvDeclaration, envDeclarations } from '../environment';
import { envPrefix, injectedVariables, splitEntry } from '../resourceEnv';
import type { Target } from '../settings';
import type { Plain } from '../yaml/toPlain';
import { entriesAt, isMap, related, services, valueAt, valueLocation } from './support';

interface Link {
  service: string;
  resource: string;
  /** Where the `resources:` entry is written. */
  index: number;
  /** The variables it injects, each once. */
  injects: string[];
}

/**
 * An environment variable the manifest declares that a linked resource also injects (spec 6.5, 9): on v3 the
 * resource's `configMapKeyRef` env wins over the env secret's defaults, and an app env `<NAME>_URL` replaces the
 * resource altogether; on v2 the app env replaces the injected value when the container starts.
 */
export const envCollision: Check = {
  rules: [{ code: 'env-collision', severity: 'warning', title: 'A declared environment variable that a linked resource also injects' }],
  run(context) {
    const { document, settings } = context;
    const resources = valueAt(document, ['resources']);
    const types = new Map(entriesAt(document, ['resources']).map(([name, body]) => [name, isMap(body) ? body.type : undefined]));
    const declarations = envDeclarations(document);
    const declared = new Set(declarations.map((declaration) => declaration.key));
    // The links injecting each declared variable, in link order (only those: every link injects six).
    const injecting = new Map<string, Link[]>();
    for (const [service, body] of services(document)) {
      const list = body?.resources;
      if (!Array.isArray(list)) continue;
      for (const link of serviceLinks(service, list, { resources, types, target: settings.target })) {
        for (const name of link.injects) {
          if (!declared.has(name)) continue;
          const linked = injecting.get(name);
          if (linked) linked.push(link);
          else injecting.set(name, [link]);
        }
      }
    }
    if (!injecting.size) return;
    for (const declaration of declarations) {
      const candidates = injecting.get(declaration.key);
      if (!candidates) continue;
      const hits = candidates.filter((link) => declaration.service === undefined || declaration.service === link.service);
      const location = hits.length ? declarationKeyLocation(document, declaration) : undefined;
      if (!location) continue;
      const first = hits[0];
      const servicesText = [...new Set(hits.map((hit) => hit.service))].join(', ');
      context.report({
        code: 'env-collision',
        location,
        message: settings.target === 'v2' ? v2Message(declaration, first, servicesText) : v3Message(declaration, first, servicesText, valueAt(document, ['services', first.service, 'resources', first.index])),
        related: related(document, valueLocation(document, ['services', first.service, 'resources', first.index]), `resource ${first.resource} is linked here`),
      });
    }
  },
};

interface LinkContext {
  /** The top-level `resources` (plain value): the links are kept while it stays the same object. */
  resources: Plain | undefined;
  types: Map<string, Plain | undefined>;
  target: Target;
}

/**
 * The links of one service's `resources:` list, kept with the list: a version shares its unchanged plain values with
 * the previous one, so a keystroke works out again only the lists it changed (and all of them when `resources`
 * or the rack generation changed).
 */
const linksByList = new WeakMap<Plain[], { service: string; resources: Plain | undefined; target: Target; links: Link[] }>();

function serviceLinks(service: string, list: Plain[], context: LinkContext): Link[] {
  const kept = linksByList.get(list);
  if (kept && kept.service === service && kept.resources === context.resources && kept.target === context.target) return kept.links;
  const links: Link[] = [];
  list.forEach((entry, index) => {
    if (typeof entry !== 'string') return;
    const [resource, alias] = splitEntry(entry);
    if (!context.types.has(resource) || context.types.get(resource) === 'efs') return; // undefined ones are reported elsewhere; efs injects nothing
    if (alias && context.target === 'v2') return; // v2 links by name only
    links.push({ service, resource, index, injects: [...new Set(injectedVariables(entry).map((variable) => variable.name))] });
  });
  linksByList.set(list, { service, resources: context.resources, target: context.target, links });
  return links;
}

function v3Message(declaration: EnvDeclaration, link: Link, where: string, entry: unknown): string {
  const key = declaration.key;
  const mask = `${envPrefix(link.resource)}_URL`;
  const linked = `the linked resource ${link.resource} (service ${where})`;
  if (declaration.value !== undefined) {
    const advice =
      key === mask
        ? `To use an external database instead, remove this default and run \`convox env set ${key}=...\`: Convox then does not start the resource.`
        : `Remove the default, or link the resource under another name (\`${link.resource}:OTHER_NAME\`).`;
    return `${key}=${declaration.value} is never used: ${linked} injects ${key}, and Kubernetes gives the resource's value precedence over environment defaults. ${advice}`;
  }
  if (key === mask) {
    const prefix = envPrefix(link.resource);
    const others = typeof entry === 'string' && !splitEntry(entry)[1] ? `${prefix}_USER, _PASS, _HOST, _PORT and _NAME become empty` : 'its other connection values become empty';
    return `${key} is required here, so every deploy needs \`convox env set ${key}=...\`, and that value replaces ${linked}: Convox does not start the resource, and ${others}. Remove this declaration to use the resource, or remove the link to use an external database.`;
  }
  return `${key} is required here, but ${linked} injects ${key} and the resource's value always wins in the container, so the value from \`convox env set\` is ignored (only ${mask} in the app environment replaces the resource). Remove this declaration, or rename the variable.`;
}

function v2Message(declaration: EnvDeclaration, link: Link, where: string): string {
  const key = declaration.key;
  const linked = `the linked resource ${link.resource} (service ${where})`;
  if (declaration.value !== undefined) {
    return `${key}=${declaration.value} is never used: ${linked} injects ${key} after the environment defaults, and a value from \`convox env set ${key}=...\` replaces both when the container starts. Remove the default, or rename the variable.`;
  }
  return `${key} is required here, so it must be set with \`convox env set\`, and at start-up that value replaces what ${linked} injects (the resource is still created). Remove this declaration to use the resource's value.`;
}
