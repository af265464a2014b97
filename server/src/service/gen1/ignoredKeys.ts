import { isMap } from 'yaml';
import type { Check } from '../diagnostics/rule';
import { didYouMean } from '../text/suggest';
import { childVia, entriesOf, field, gen1Manifest, keyLocation } from './model';

/** The keys of `manifest1.Service`; yaml.v2 (non-strict) drops every other key without a word. */
export const SERVICE_KEYS = ['build', 'command', 'cpu_shares', 'dockerfile', 'entrypoint', 'environment', 'extra_hosts', 'image', 'labels', 'links', 'mem_limit', 'ports', 'privileged', 'volumes'];
const TOP_LEVEL_KEYS = ['version', 'services', 'networks'];
const BUILD_KEYS = ['context', 'dockerfile', 'args'];

const HINTS: Record<string, string> = {
  depends_on: 'Start order and service URLs come from links.',
  healthcheck: 'Configure the load balancer check with the convox.health.* labels (path, port, timeout, interval).',
  expose: 'List container-only ports in ports (e.g. - 5000) to expose them.',
  env_file: 'Set the variables with convox env set, or list them in environment.',
  restart: 'Convox restarts failed containers itself.',
  container_name: 'Convox names containers itself.',
  networks: 'Services reach each other through links.',
  deploy: 'Scale with convox scale and the convox.deployment.* labels.',
  logging: 'Convox sends container output to CloudWatch Logs.',
};

/** docker-compose keys Convox Gen1 reads nothing from: they have no effect on the rack. */
export const ignoredKeys: Check = {
  rules: [{ code: 'gen1-ignored-key', severity: 'warning', title: 'A docker-compose key Convox Gen1 ignores' }],
  run(context) {
    const { document } = context;
    const manifest = gen1Manifest(document);
    const report = (entry: Parameters<typeof keyLocation>[1], name: string, known: string[]) => {
      const suggestion = didYouMean(entry.key, known);
      const hint = suggestion ? `Did you mean "${suggestion}"?` : (HINTS[entry.key] ?? 'It has no effect on the rack; remove it or keep it for local docker-compose only.');
      context.report({ code: 'gen1-ignored-key', location: keyLocation(document, entry), message: `Convox Gen1 ignores ${name}. ${hint}`, data: suggestion ? { rename: suggestion } : undefined });
    };
    if (manifest.format === '2') {
      for (const entry of manifest.topLevel) {
        if (TOP_LEVEL_KEYS.includes(entry.key) || entry.key.startsWith('x-')) continue;
        report(entry, entry.key, TOP_LEVEL_KEYS);
      }
    }
    for (const service of manifest.services) {
      for (const entry of service.fields) {
        if (!SERVICE_KEYS.includes(entry.key)) report(entry, entry.key, SERVICE_KEYS);
      }
      const build = field(service, 'build');
      if (!build || !isMap(build.value)) continue;
      for (const entry of entriesOf(document, build.value, childVia(build))) {
        if (!BUILD_KEYS.includes(entry.key)) report(entry, `build.${entry.key}`, BUILD_KEYS);
      }
    }
  },
};
