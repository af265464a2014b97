import { isScalar } from 'yaml';
import type { Check } from '../diagnostics/rule';
import { keyRange, mapValue, scalarString } from '../yaml/nodes';

const NAME = /^[a-z][a-z0-9-]*$/;
const AWS_NAME = /^[a-z]([a-z0-9-]*[a-z0-9])?$/;
const AWS_NAME_LIMIT = 20;
/** Kubernetes object names are DNS-1035 labels (63 characters); a timer's CronJob `timer-<name>` may have 52. */
const KUBERNETES_LIMIT: Record<string, number> = { services: 63, resources: 63 - 'resource-'.length, timers: 52 - 'timer-'.length };

/** Name rules Convox applies to services, resources and timers (validate.go NameValidator, resource.go). */
export const names: Check = {
  rules: [
    { code: 'invalid-name', severity: 'error', title: 'A service, resource or timer name Convox rejects' },
    { code: 'name-too-long', severity: 'error', title: 'A name longer than AWS or Kubernetes accepts' },
  ],
  run(context) {
    const { document, settings } = context;
    for (const definition of document.model.definitions) {
      const { section, name, keyNode } = definition;
      if (section === 'balancers') continue; // Convox does not validate balancer names
      if (settings.target === 'v2' && section !== 'services') continue; // v2 checks service names only
      const [start, end] = keyRange(document.text, keyNode) ?? [0, 0];
      const location = { start, end };
      const noun = section.slice(0, -1);
      if (name === '') {
        context.report({ code: 'invalid-name', location, message: `A ${noun} with no name before its ":": Convox rejects it. Write the name before the ":", or remove the entry.` });
        continue;
      }
      if (!NAME.test(name)) {
        const fixed = suggestName(name);
        context.report({
          code: 'invalid-name',
          location,
          message: `${noun} name ${name} invalid, must contain only lowercase alphanumeric and dashes. Rename it${fixed ? ` (e.g. "${fixed}")` : ''} and update the places that refer to it.`,
          data: fixed ? { rename: fixed } : undefined,
        });
        continue;
      }
      if (section === 'resources') {
        const type = scalarString(mapValue(document.yaml, definition.value, 'type')) ?? '';
        const family = type.startsWith('rds-') ? 'rds' : type.startsWith('elasticache-') ? 'elasticache' : undefined;
        if (family && !AWS_NAME.test(name)) {
          context.report({ code: 'invalid-name', location, message: `invalid ${family} resource name: only alphanumeric letter and hypen allowed, and it must not end with a dash. Rename "${name}".` });
          continue;
        }
        if (family && name.length > AWS_NAME_LIMIT) {
          context.report({ code: 'name-too-long', location, message: `${family} resource name must not exceed ${AWS_NAME_LIMIT} characters ("${name}" has ${name.length}); Convox rejects it at promote. Use a shorter name.` });
          continue;
        }
      }
      const limit = settings.target === 'v3' ? KUBERNETES_LIMIT[section] : undefined;
      if (limit !== undefined && name.length > limit) {
        context.report({ code: 'name-too-long', location, message: `${noun} name "${name}" has ${name.length} characters; Kubernetes accepts at most ${limit} here and rejects the release at promote. Use a shorter name.` });
      }
    }
  },
};

/** A valid name close to an invalid one: `web_api` -> `web-api`, `ServiceF` -> `servicef`. */
export function suggestName(name: string): string | undefined {
  const fixed = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '');
  return NAME.test(fixed) ? fixed : undefined;
}

export function isValidName(node: unknown): boolean {
  return isScalar(node) && NAME.test(String(node.value));
}
