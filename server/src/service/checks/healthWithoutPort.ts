import type { Check } from '../diagnostics/rule';
import { servicePort } from './servicePort';
import { keyLocation, schemaReports, services } from './support';

/**
 * Probes on a service without `port:` do nothing: v3 renders readiness, liveness and startup probes only inside
 * `{{ with .Service.Port.Port }}` (service.yml.tmpl); v2 uses `health` only for the load balancer target group,
 * which exists only with a port. `liveness` and `startupProbe` are v3 keys (v2 reports them as unsupported).
 */
export const healthWithoutPort: Check = {
  rules: [{ code: 'health-without-port', severity: 'warning', title: 'A health check on a service without a port (it has no effect)' }],
  run(context) {
    const { document, settings } = context;
    const keys = settings.target === 'v3' ? ['health', 'liveness', 'startupProbe'] : ['health'];
    for (const [name, body] of services(document)) {
      if (!body || servicePort(body)) continue;
      for (const key of keys) {
        if (body[key] === undefined || body[key] === null) continue;
        if (schemaReports(context, ['services', name, key])) continue; // a value Convox cannot load: fix that first
        const location = keyLocation(document, ['services', name, key]);
        if (!location) continue;
        const why =
          settings.target === 'v3'
            ? 'Convox renders readiness, liveness and startup probes only for services with `port:`'
            : 'v2 uses it only for the load balancer, which a service gets only with `port:`';
        context.report({
          code: 'health-without-port',
          location,
          message: `${key} has no effect: service "${name}" has no port, and ${why}. Remove it, or add \`port:\` if the service serves HTTP.`,
          unnecessary: true,
          data: { key },
        });
      }
    }
  },
};
