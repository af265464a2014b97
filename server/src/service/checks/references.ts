import type { Check } from '../diagnostics/rule';
import type { Reference } from '../model';
import { didYouMean } from '../text/suggest';

/** A resource, service or config named somewhere that the manifest does not define (validate.go). */
export const references: Check = {
  rules: [
    { code: 'undefined-resource', severity: 'error', title: 'A service links a resource that is not defined' },
    { code: 'undefined-service', severity: 'error', title: 'A timer, balancer or budget names a service that is not defined' },
    { code: 'undefined-config', severity: 'error', title: 'A config mount names a config that is not defined' },
  ],
  run(context) {
    const { model } = context.document;
    const names = {
      resource: new Set(model.definitions.filter((d) => d.section === 'resources').map((d) => d.name)),
      service: new Set(model.definitions.filter((d) => d.section === 'services').map((d) => d.name)),
      config: new Set(model.configs.map((c) => c.name)),
    };
    // One search per misspelt name: a manifest can repeat it in every service.
    const suggestions = new Map<string, string | undefined>();
    for (const reference of model.references) {
      const defined = names[reference.kind];
      if (defined.has(reference.name)) continue;
      const key = `${reference.kind} ${reference.name}`;
      if (!suggestions.has(key)) suggestions.set(key, didYouMean(reference.name, defined));
      const suggestion = suggestions.get(key);
      context.report({
        code: `undefined-${reference.kind}`,
        location: { start: reference.start, end: reference.end },
        severity: reference.ownerSection === 'budget' ? 'warning' : undefined,
        message: `${messageFor(reference)}${suggestion ? ` Did you mean "${suggestion}"?` : hintFor(reference)}`,
        data: suggestion ? { replacement: suggestion } : undefined,
      });
    }
  },
};

function messageFor(reference: Reference): string {
  switch (reference.kind) {
    case 'resource':
      return `service ${reference.owner} references a resource that does not exist: ${reference.name}.`;
    case 'config':
      return `config id: '${reference.name}' not found (service ${reference.owner}).`;
    case 'service':
      if (reference.ownerSection === 'budget') return `budget.neverAutoShutdown contains "${reference.name}" which is not a service in this manifest; Convox ignores it.`;
      if (reference.ownerSection === 'balancers') return `balancer ${reference.owner} refers to unknown service ${reference.name}.`;
      return `timer ${reference.owner} references a service that does not exist: ${reference.name}.`;
  }
}

function hintFor(reference: Reference): string {
  switch (reference.kind) {
    case 'resource':
      return ` Define it under \`resources:\` with a \`type\` (postgres, redis, ...) or remove the link.`;
    case 'config':
      return ' Declare it in the top-level `configs:` list (`- id: ...`).';
    case 'service':
      return ' Define the service under `services:` or fix the name.';
  }
}
