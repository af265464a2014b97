import type { Check } from '../diagnostics/rule';
import { MANAGED_EQUIVALENT, WITH_VOLUME } from './resourceCatalog';
import { entriesAt, isMap, valueLocation } from './support';

const REQUIRED: Readonly<Record<string, string>> = {
  'rds-postgres': '`class` and `version`',
  'rds-mysql': '`class` and `version`',
  'rds-mariadb': '`class` and `version`',
  'elasticache-redis': '`class` and `version`',
  'elasticache-memcached': '`class`, `version` and `nodes`',
};

/**
 * v3 containerized resources (resource.go IsContainerizedResource): a single pod in the cluster. Databases keep
 * their data on one PersistentVolumeClaim; redis and memcached have no volume. Fine for development and staging;
 * on AWS a production app usually wants the managed equivalent.
 */
export const containerizedResource: Check = {
  rules: [{ code: 'containerized-resource', severity: 'information', title: 'A database or cache that runs as a container in the rack (v3)' }],
  run(context) {
    const { document, settings } = context;
    if (settings.target !== 'v3') return;
    for (const [name, body] of entriesAt(document, ['resources'])) {
      if (!isMap(body) || typeof body.type !== 'string') continue;
      const type = body.type;
      const managed = MANAGED_EQUIVALENT[type];
      if (!managed) continue;
      const location = valueLocation(document, ['resources', name, 'type']);
      if (!location) continue;
      const data = WITH_VOLUME.has(type)
        ? 'its data lives on one PersistentVolumeClaim: kept across restarts, but not replicated or backed up by Convox'
        : 'it has no volume, so its data is lost whenever the pod restarts or moves';
      const extension = type === 'postgis' ? ' with the PostGIS extension (`CREATE EXTENSION postgis`)' : '';
      context.report({
        code: 'containerized-resource',
        location,
        message: `resource "${name}" runs ${type} as a single container in the rack: ${data}. Fine for development and staging; for production on AWS use the managed \`${managed}\`${extension}, which needs options ${REQUIRED[managed]}.`,
        data: { replacement: managed },
      });
    }
  },
};
