import type { Check } from '../diagnostics/rule';
import { asInt, schemaReports, services, valueLocation } from './support';

/** `deployment.minimum` 0-100 and `deployment.maximum` 100-200 (v3 validate.go validateServices; v2 has no check). */
export const deployment: Check = {
  rules: [{ code: 'invalid-deployment', severity: 'error', title: 'A deployment minimum or maximum percentage outside the range Convox accepts' }],
  run(context) {
    const { document, settings } = context;
    if (settings.target !== 'v3') return;
    for (const [name, body] of services(document)) {
      const deployment = body?.deployment;
      if (!deployment || typeof deployment !== 'object' || Array.isArray(deployment)) continue;
      const limits = [
        { key: 'minimum', low: 0, high: 100, hint: 'Use a percentage between 0 and 100 (the share of replicas kept running during a rollout).' },
        { key: 'maximum', low: 100, high: 200, hint: 'Use a percentage between 100 and 200 (how far a rollout may surge above the count).' },
      ];
      for (const { key, low, high, hint } of limits) {
        // Only a value written in the file can be out of range: the defaults (50/200, 0/100) never are.
        const value = asInt(deployment[key]);
        if (value === undefined || (value >= low && value <= high)) continue;
        const path = ['services', name, 'deployment', key];
        if (schemaReports(context, path)) continue;
        const location = valueLocation(document, path);
        if (!location) continue;
        const bound = value < low ? `less than ${low}` : `greater than ${high}`;
        context.report({ code: 'invalid-deployment', location, message: `service ${name} deployment ${key} can not be ${bound}. ${hint}` });
      }
    }
  },
};
