import type { Check } from '../diagnostics/rule';
import { asInt, isMap, schemaReports, services, valueLocation } from './support';

const DEFAULT_INTERVAL = 5;

/** A health int as Convox reads it: only a YAML int counts, and 0 means "use the default" (manifest.go ApplyDefaults). */
function explicit(value: unknown): number | undefined {
  const number = asInt(value);
  return number !== undefined && number > 0 ? number : undefined;
}

function negative(value: unknown): boolean {
  const number = asInt(value);
  return number !== undefined && number < 0;
}

/**
 * Health timings that do not fit together, with Convox's defaults applied (interval 5, timeout interval - 1,
 * grace = interval): a timeout not below the interval (v2: the ALB target group rejects it; v3: a hung check
 * delays the next one), and on v2 a grace explicitly shorter than the interval (the ECS health check grace period).
 */
export const healthTiming: Check = {
  rules: [{ code: 'health-timing', severity: 'warning', title: 'Health check timeout or grace that does not fit the interval' }],
  run(context) {
    const { document, settings } = context;
    for (const [name, body] of services(document)) {
      const health = body?.health;
      if (!isMap(health)) continue;
      if (negative(health.interval) || negative(health.timeout) || negative(health.grace)) continue; // the schema reports it
      const interval = explicit(health.interval) ?? DEFAULT_INTERVAL;
      const timeout = explicit(health.timeout);
      const grace = explicit(health.grace);

      if (timeout !== undefined && timeout >= interval && !schemaReports(context, ['services', name, 'health', 'timeout'])) {
        const location = valueLocation(document, ['services', name, 'health', 'timeout']);
        const consequence =
          settings.target === 'v2'
            ? 'AWS requires the load balancer health check timeout to be smaller than its interval, so the stack update fails at promote.'
            : 'Kubernetes starts the next check only after this one times out, so a hung app is noticed late and checks never run every interval.';
        const fixed = interval - 1;
        if (location) {
          context.report({
            code: 'health-timing',
            location,
            severity: settings.target === 'v2' ? 'error' : undefined,
            message: `health.timeout (${timeout}) of service "${name}" is not below health.interval (${interval}${health.interval === undefined ? ', the default' : ''}): ${consequence} ${fixed >= 1 ? `Set \`timeout: ${fixed}\` (Convox's default is interval - 1)` : 'Raise the interval'}.`,
            data: fixed >= 1 ? { timeout: fixed } : undefined,
          });
        }
      }

      // v3 only delays the first readiness check by `grace`; checking earlier than one interval does no harm there.
      if (settings.target === 'v2' && grace !== undefined && grace < interval && !schemaReports(context, ['services', name, 'health', 'grace'])) {
        const location = valueLocation(document, ['services', name, 'health', 'grace']);
        if (location) {
          context.report({
            code: 'health-timing',
            location,
            message: `health.grace (${grace}) of service "${name}" is shorter than health.interval (${interval}): ECS ignores failed load balancer checks only for the first ${grace} s after a task starts, less than one check interval, so a task that is still booting is marked unhealthy and replaced, and the deploy can loop. Set \`grace\` to at least the interval (Convox's default) or to the app's boot time.`,
            data: { grace: interval },
          });
        }
      }
    }
  },
};
