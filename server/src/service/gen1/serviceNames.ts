import type { Check } from '../diagnostics/rule';
import { gen1Manifest, keyLocation } from './model';

/** `Manifest.Validate`: service names cannot contain an underscore (they become ECS and CloudFormation names). */
export const serviceNames: Check = {
  rules: [{ code: 'gen1-service-name', severity: 'error', title: 'A Gen1 service name with an underscore' }],
  run(context) {
    const { document } = context;
    for (const service of gen1Manifest(document).services) {
      if (!service.name.includes('_')) continue;
      const fixed = service.name.replace(/_/g, '-');
      context.report({
        code: 'gen1-service-name',
        location: keyLocation(document, service.entry),
        message: `service name cannot contain an underscore: ${service.name}. Rename it (e.g. "${fixed}") and update links to it.`,
        data: { rename: fixed },
      });
    }
  },
};
