import type { Check } from '../diagnostics/rule';
import { parseCidr } from './goParsers';
import { entriesAt, isInterpolated, isMap, keyLocation, schemaReports, valueLocation } from './support';

/**
 * `balancers` rules that need code (v3 validate.go validateBalancers, yaml.go BalancerPort): whitelist entries must
 * parse with Go's net.ParseCIDR; a string target port is silently dropped; TCP and UDP on one balancer.
 */
export const balancers: Check = {
  rules: [{ code: 'invalid-balancer', severity: 'error', title: 'A balancer whitelist or port Convox rejects or ignores' }],
  run(context) {
    const { document, settings } = context;
    if (settings.target !== 'v3') return;
    for (const [name, balancer] of entriesAt(document, ['balancers'])) {
      if (!isMap(balancer)) continue;
      const base = ['balancers', name];

      // A string is one entry (it is not split on commas); a list holds several.
      const whitelist = balancer.whitelist;
      const entries: [string, (string | number)[]][] =
        typeof whitelist === 'string' ? [[whitelist, [...base, 'whitelist']]]
        : Array.isArray(whitelist) ? whitelist.flatMap((entry, index) => (typeof entry === 'string' ? [[entry, [...base, 'whitelist', index]] as [string, (string | number)[]]] : []))
        : [];
      for (const [entry, path] of entries) {
        if (isInterpolated(entry) || parseCidr(entry)) continue;
        const location = valueLocation(document, path);
        if (!location || schemaReports(context, path)) continue;
        const hint = /^[0-9.]+$/.test(entry) || /^[0-9a-fA-F:]+$/.test(entry) ? ` Add a prefix length, e.g. ${entry}/${entry.includes(':') ? 128 : 32}.` : ' Write an address with a prefix length, e.g. 1.2.3.4/32.';
        context.report({ code: 'invalid-balancer', location, message: `balancer ${name} whitelist ${entry} is not a valid cidr range.${hint}` });
      }

      const ports = balancer.ports;
      if (!isMap(ports)) continue;
      let first: string | undefined;
      for (const [listen, target] of Object.entries(ports)) {
        const path = [...base, 'ports', listen];
        if (typeof target === 'string') {
          if (isInterpolated(target) || schemaReports(context, path)) continue;
          const location = valueLocation(document, path);
          if (location) {
            context.report({
              code: 'invalid-balancer',
              location,
              severity: 'warning',
              message: `balancer ${name} port ${listen}: a string target is silently ignored by Convox (the target port becomes 0). Write the number without quotes, e.g. \`${listen}: ${/^[0-9]+$/.test(target) ? target : 3000}\`.`,
            });
          }
          continue;
        }
        // An int target is TCP; a map's protocol is passed to Kubernetes as written (empty means TCP).
        const protocol = typeof target === 'number' ? 'TCP' : isMap(target) ? (typeof target.protocol === 'string' ? target.protocol.toUpperCase() || 'TCP' : target.protocol == null ? 'TCP' : undefined) : undefined;
        if (protocol !== 'TCP' && protocol !== 'UDP') continue;
        if (first === undefined) {
          first = protocol;
          continue;
        }
        if (protocol === first) continue;
        const location = isMap(target) && target.protocol != null ? valueLocation(document, [...path, 'protocol']) : keyLocation(document, path);
        if (!location) continue;
        context.report({
          code: 'invalid-balancer',
          location,
          severity: 'warning',
          message: `balancer ${name} mixes TCP and UDP ports; Convox's documentation says TCP and UDP cannot be mixed on one balancer. Declare a second balancer for the ${protocol} ports.`,
        });
        break;
      }
    }
  },
};
