import type { Check } from '../diagnostics/rule';
import { nginxProject } from '../nginx/project';

/**
 * nginx configs a service builds into its image (found through its build context, Dockerfile COPY/ADD and
 * `include`s), judged as they run behind Convox's Host-routed load balancer. The findings in the nginx files are
 * published for those files (`nginx/diagnostics.ts`); the manifest gets one finding per service whose image forwards
 * the client's Host header, pointing at the directives. Needs workspace access (`CheckContext.workspace`): without
 * it (untrusted workspace, a manifest that is not a local file) it reports nothing.
 */
export const nginxHostHeader: Check = {
  rules: [
    { code: 'nginx-host-header', severity: 'warning', title: "An nginx config in a service's image forwards the client's Host header through Convox's load balancer" },
    { code: 'nginx-forwarded-for', severity: 'information', title: 'An nginx config appends to the X-Forwarded-For header the load balancer already set' },
    { code: 'nginx-compose-host', severity: 'warning', title: 'An nginx config proxies to a host name (or port) that does not exist on Convox' },
  ],
  run(context) {
    if (!context.workspace || context.settings.rules['nginx-host-header'] === 'off') return;
    for (const service of nginxProject(context.document, context.settings.target, context.workspace).services) {
      const [first] = service.directives;
      const where = `${first.path} line ${first.range.start.line + 1}: ${first.text}${service.directives.length > 1 ? ` and ${service.directives.length - 1} more` : ''}`;
      context.report({
        code: 'nginx-host-header',
        location: service.location,
        message: `Service ${service.service} builds an nginx config that forwards the client's Host header to the app (${where}). Convox's load balancer routes by Host, so the proxied request can come back to this service instead of reaching the app. Remove that proxy_set_header Host line or set Host to $proxy_host.`,
        related: service.directives.map((directive) => ({
          location: { uri: directive.uri, range: directive.range },
          message: `${directive.path}: ${directive.text}`,
        })),
      });
    }
  },
};
