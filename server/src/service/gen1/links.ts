import { isScalar, isSeq } from 'yaml';
import type { Check } from '../diagnostics/rule';
import { childVia, field, gen1Manifest, itemLocation, itemsOf, textOf } from './model';

/** `Manifest.Validate`: a link must name another service of the file, and that service must expose ports. */
export const links: Check = {
  rules: [{ code: 'gen1-links', severity: 'error', title: 'A Gen1 link to a service that does not exist or exposes no ports' }],
  run(context) {
    const { document } = context;
    const manifest = gen1Manifest(document);
    const byName = new Map(manifest.services.map((service) => [service.name, service]));
    for (const service of manifest.services) {
      const entry = field(service, 'links');
      if (!entry || !isSeq(entry.value)) continue; // other forms: gen1-types
      for (const item of itemsOf(document, entry.value, childVia(entry))) {
        if (item.value && !isScalar(item.value)) continue;
        const { text: link, dynamic } = textOf(item.value);
        if (dynamic) continue;
        const target = byName.get(link);
        const location = itemLocation(document, item);
        if (!target) {
          const alias = link.includes(':') && byName.has(link.split(':')[0]);
          context.report({
            code: 'gen1-links',
            location,
            message: `${service.name} links to service: ${link} which does not exist. ${
              alias ? `Convox Gen1 does not support the "service:alias" form; link to ${link.split(':')[0]}.` : 'Link only to services defined in this file (rack resources are attached with convox resources link).'
            }`,
          });
          continue;
        }
        const ports = field(target, 'ports');
        const count = ports && isSeq(ports.value) ? ports.value.items.length : 0;
        if (count === 0) {
          context.report({
            code: 'gen1-links',
            location,
            message: `${service.name} links to service: ${link} which does not expose any ports. Add a port to ${link} (e.g. ports: ["5432"]) or remove the link: Convox builds the ${link.toUpperCase().replace(/-/g, '_')}_URL variables from its port.`,
          });
        }
      }
    }
  },
};
