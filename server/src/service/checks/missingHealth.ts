import type { Check } from '../diagnostics/rule';
import { isGrpc, servicePort } from './servicePort';
import { keyLocation, services } from './support';

/**
 * A service with a port and no `health` key is still health-checked, on `/` (v3 service.yml.tmpl readiness probe
 * with the defaults; v2 ALB target group HealthCheckPath "/"). An app whose `/` does not answer 2xx/3xx never
 * becomes healthy and the deploy hangs. gRPC ports are skipped: they get no HTTP check.
 */
export const missingHealth: Check = {
  rules: [{ code: 'missing-health', severity: 'warning', title: 'A service with a port but no health check path' }],
  run(context) {
    const { document, settings } = context;
    for (const [name, body] of services(document)) {
      // A compose `healthcheck` is reported (with a conversion to `health`) by the compose-key rule instead.
      if (!body || body.health !== undefined || body.healthcheck !== undefined) continue;
      const port = servicePort(body);
      // No port, a port Convox fails to load (the schema reports it), or gRPC: no HTTP check to worry about.
      if (!port || (port.number === undefined && !port.interpolated) || isGrpc(port)) continue;
      const location = keyLocation(document, ['services', name]);
      if (!location) continue;
      const consequence =
        settings.target === 'v3'
          ? 'Kubernetes probes `/` every 5 s and only a 200-399 answer counts, so an app whose `/` needs auth, answers 404 or redirects to https never becomes ready and the deploy hangs until the promote times out.'
          : 'the load balancer checks `/` every 5 s and only 200-399 or 401 counts, so an app whose `/` answers 404 or 403 never becomes healthy; ECS keeps replacing its tasks and the deploy rolls back.';
      const off = settings.target === 'v3' ? ' (or `health: {disable: true}` to turn the check off)' : '';
      context.report({
        code: 'missing-health',
        location,
        message: `Service "${name}" has a port but no health check: ${consequence} Add \`health: /health\` with a path that answers 200 quickly${off}.`,
        data: { service: name },
      });
    }
  },
};
