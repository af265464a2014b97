import { isScalar, isSeq } from 'yaml';
import type { Check } from '../diagnostics/rule';
import { field, gen1Manifest, goKind, itemLocation, servicePorts, typeError, valueLocation } from './model';

const FORMS = 'Convox Gen1 reads "<container port>" (internal) or "<balancer port>:<container port>" (behind the load balancer), optionally with /tcp or /udp, e.g. "80:5000" or "5000"; host IPs and ranges are not supported.';

/** `Ports.UnmarshalYAML`: a list of strings matching `^(?:(\d+):)?(\d+)(?:/(udp|tcp))?$`. */
export const ports: Check = {
  rules: [{ code: 'gen1-ports', severity: 'error', title: 'A Gen1 ports entry Convox cannot read' }],
  run(context) {
    const { document } = context;
    for (const service of gen1Manifest(document).services) {
      const entry = field(service, 'ports');
      if (!entry || goKind(entry.value) === 'null') continue;
      if (!isSeq(entry.value)) {
        context.report({
          code: 'gen1-ports',
          location: valueLocation(document, entry),
          message: `error loading manifest: ${typeError(entry.value, '[]string')}. Write ports as a list, e.g.\n  ports:\n    - 80:5000`,
        });
        continue;
      }
      for (const port of servicePorts(document, service) ?? []) {
        const { item } = port;
        const location = itemLocation(document, item);
        if (item.value && !isScalar(item.value)) {
          context.report({ code: 'gen1-ports', location, message: `error loading manifest: ${typeError(item.value, 'string')}. ${FORMS}` });
          continue;
        }
        if (port.dynamic || port.container !== undefined) continue;
        const defaults = /\$\{\w*[^\w}]/.test(port.text) ? ' Convox Gen1 replaces only $VAR and ${VAR} (no defaults such as ${VAR:-80}), so this text stays as written.' : '';
        context.report({ code: 'gen1-ports', location, message: `invalid portmapping ${port.text}.${defaults} ${FORMS}` });
      }
    }
  },
};
