import type { Check } from '../diagnostics/rule';
import { keyLocation, related, services } from './support';

/** Keys Convox refuses together (v3 validate.go validateServices). */
export const conflictingKeys: Check = {
  rules: [{ code: 'conflicting-keys', severity: 'error', title: 'Two keys Convox refuses to combine' }],
  run(context) {
    const { document, settings } = context;
    if (settings.target !== 'v3') return;
    for (const [name, body] of services(document)) {
      if (body?.internal !== true || body.internalRouter !== true) continue;
      const location = keyLocation(document, ['services', name, 'internalRouter']);
      if (!location) continue;
      context.report({
        code: 'conflicting-keys',
        location,
        message: `service ${name} can not have both internal and internalRouter set as true. Keep \`internal: true\` for a service reachable only inside the rack, or \`internalRouter: true\` to route it through the rack's internal load balancer, not both.`,
        related: related(document, keyLocation(document, ['services', name, 'internal']), '`internal: true` is set here'),
      });
    }
  },
};
