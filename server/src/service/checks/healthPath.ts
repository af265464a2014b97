import type { Check } from '../diagnostics/rule';
import { isInterpolated, isMap, Path, schemaReports, services, valueLocation } from './support';

/**
 * A health path without a leading `/` (`health: health` or `health.path: health`). v2 passes it to the ALB target
 * group's HealthCheckPath, which must start with `/`; v3's kubelet happens to add the slash (Go's url.URL.String),
 * so there it is only reported as information.
 */
export const healthPath: Check = {
  rules: [{ code: 'health-path', severity: 'warning', title: 'A health check path that does not start with /' }],
  run(context) {
    const { document, settings } = context;
    for (const [name, body] of services(document)) {
      const health = body?.health;
      const value = isMap(health) ? health.path : health;
      if (typeof value !== 'string' || value === '' || value.startsWith('/') || isInterpolated(value)) continue;
      const path: Path = isMap(health) ? ['services', name, 'health', 'path'] : ['services', name, 'health'];
      if (schemaReports(context, path)) continue;
      const location = valueLocation(document, path);
      if (!location) continue;
      const consequence =
        settings.target === 'v2'
          ? 'the load balancer target group requires a path that starts with `/`, so AWS rejects it and the deploy fails.'
          : 'Kubernetes probes `/' + value + '` anyway (the kubelet adds the slash), but Convox documents paths with a leading `/` and a v2 rack rejects this one.';
      context.report({
        code: 'health-path',
        location,
        severity: settings.target === 'v2' ? undefined : 'information',
        message: `Health check path "${value}" of service "${name}" does not start with "/": ${consequence} Write \`/${value}\`.`,
        data: { path: `/${value}` },
      });
    }
  },
};
