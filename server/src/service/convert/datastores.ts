/**
 * Datastore images that become Convox resources (spec §6.2: the container resource types), and the version their
 * tag names. Any registry prefix works (`docker.io/library/postgres`, `convox/postgres`, `bitnami/redis`).
 */
export type ResourceType = 'postgres' | 'postgis' | 'mysql' | 'mariadb' | 'redis' | 'memcached';

const IMAGES: Record<string, ResourceType> = {
  postgres: 'postgres',
  postgresql: 'postgres',
  postgis: 'postgis',
  mysql: 'mysql',
  'mysql-server': 'mysql',
  mariadb: 'mariadb',
  redis: 'redis',
  memcached: 'memcached',
};

/** Convox's default image per type when `options.version` is not set (v3 `template/resource/*.yml.tmpl`). */
export const DEFAULT_VERSIONS: Record<ResourceType, string> = {
  postgres: '10.5',
  postgis: '10-3.2',
  mysql: '5.7.23',
  mariadb: '10.6.0',
  redis: '4.0.10',
  memcached: '1.4.34',
};

export interface Datastore {
  type: ResourceType;
  /** The version for `options.version`, from the tag. */
  version?: string;
  /** The tag as written, when it is more than the version (`13.2-alpine`) or not a version (`alpine`). */
  tag?: string;
}

/** Parses `[registry/][path/]name[:tag][@digest]`. */
export function imageParts(image: string): { name: string; tag?: string } {
  const withoutDigest = image.split('@')[0];
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  const hasTag = colon > slash;
  const repository = hasTag ? withoutDigest.slice(0, colon) : withoutDigest;
  return { name: repository.slice(repository.lastIndexOf('/') + 1).toLowerCase(), tag: hasTag ? withoutDigest.slice(colon + 1) : undefined };
}

export function datastoreFor(image: string): Datastore | undefined {
  if (image.includes('${')) return undefined;
  const { name, tag } = imageParts(image.trim());
  const type = IMAGES[name];
  if (!type) return undefined;
  if (!tag || tag === 'latest') return { type };
  const pattern = type === 'postgis' ? /^\d+(\.\d+)*(-\d+(\.\d+)*)?/ : /^\d+(\.\d+)*/;
  const version = pattern.exec(tag)?.[0];
  return version === tag ? { type, version } : { type, version, tag };
}

/** Images of stateful services that have no Convox resource type. */
export const UNMANAGED_DATASTORES: Record<string, string> = {
  mongo: 'MongoDB',
  mongodb: 'MongoDB',
  elasticsearch: 'Elasticsearch',
  opensearch: 'OpenSearch',
  rabbitmq: 'RabbitMQ',
  kafka: 'Kafka',
  redpanda: 'Redpanda',
  zookeeper: 'ZooKeeper',
  cassandra: 'Cassandra',
  clickhouse: 'ClickHouse',
  'clickhouse-server': 'ClickHouse',
  influxdb: 'InfluxDB',
  minio: 'MinIO',
  etcd: 'etcd',
  nats: 'NATS',
};
