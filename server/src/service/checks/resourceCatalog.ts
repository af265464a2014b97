import type { Target } from '../settings';
import { UNMANAGED_DATASTORES } from '../convert/datastores';
import { didYouMean } from '../text/suggest';

/**
 * The resource types each rack generation has, and the options each type reads, in one place for the resource
 * rules (unknown-resource-type, unused-resource-option, containerized-resource). The schema's `x-options-by-type`
 * merges both generations (v2's `postgres` is RDS, v3's a container), so the per-target facts live here.
 *
 * v3: provider/k8s/template/resource/*.yml.tmpl (containers read `.Parameters` version/storage/cpu/mem) and
 * provider/k8s/aws_resources.go MapToRdsParameter / MapToElasticacheParameter (aliases, then any provisioner
 * parameter name matched case-insensitively; everything else is dropped).
 * v2: provider/aws/formation/resource/*.json.tmpl Parameters; releases.go passes each option as the CloudFormation
 * parameter upperName(option), and a parameter the template does not declare fails the stack update.
 */

export const RESOURCE_TYPES: Record<Target, readonly string[]> = {
  v3: ['postgres', 'postgis', 'mysql', 'mariadb', 'redis', 'memcached', 'rds-postgres', 'rds-mysql', 'rds-mariadb', 'elasticache-redis', 'elasticache-memcached'],
  v2: ['postgres', 'mysql', 'mariadb', 'redis', 'valkey', 'memcached', 'efs'],
};

/** v3 types that run as a Deployment in the cluster, and the managed AWS type that replaces each. */
export const MANAGED_EQUIVALENT: Readonly<Record<string, string>> = {
  postgres: 'rds-postgres',
  postgis: 'rds-postgres',
  mysql: 'rds-mysql',
  mariadb: 'rds-mariadb',
  redis: 'elasticache-redis',
  memcached: 'elasticache-memcached',
};

/** v3 containerized types that keep their data on a PersistentVolumeClaim (redis and memcached have none). */
export const WITH_VOLUME = new Set(['postgres', 'postgis', 'mysql', 'mariadb']);

const CONTAINER_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  postgres: ['version', 'storage', 'cpu', 'mem'],
  postgis: ['version', 'storage', 'cpu', 'mem'],
  mysql: ['version', 'storage', 'cpu', 'mem'],
  mariadb: ['version', 'storage', 'cpu', 'mem'],
  redis: ['version', 'cpu', 'mem'],
  memcached: ['version', 'cpu', 'mem'],
};

const RDS_ALIASES = ['class', 'instance', 'version', 'storage', 'encrypted', 'deletionProtection', 'durable', 'iops', 'preferredBackupWindow', 'backupRetentionPeriod', 'readSourceDB', 'vpc', 'subnets'];
const RDS_PARAMETERS = [
  'DBInstanceIdentifier', 'DBName', 'DBParameterGroupName', 'Engine', 'EngineVersion', 'DBInstanceClass', 'StorageType', 'AllocatedStorage',
  'MasterUsername', 'MasterUserPassword', 'AllowMajorVersionUpgrade', 'AutoMinorVersionUpgrade', 'BackupRetentionPeriod', 'DBSubnetGroupName',
  'DBSnapshotIdentifier', 'DeletionProtection', 'Iops', 'MultiAZ', 'Port', 'PreferredBackupWindow', 'PreferredMaintenanceWindow',
  'PubliclyAccessible', 'StorageEncrypted', 'SourceDBInstanceIdentifier', 'SubnetIds', 'VPCSecurityGroups', 'VPC', 'ApplyImmediately', 'Import',
];
const ELASTICACHE_ALIASES = ['class', 'instance', 'version', 'nodes', 'encrypted', 'durable', 'deletionProtection', 'password', 'vpc', 'subnets'];
const ELASTICACHE_PARAMETERS = [
  'ReplicationGroupId', 'AtRestEncryptionEnabled', 'AuthToken', 'AutomaticFailoverEnabled', 'AutoMinorVersionUpgrade', 'CacheNodeType',
  'CacheSubnetGroupName', 'CacheParameterGroupName', 'Engine', 'EngineVersion', 'NumCacheClusters', 'Port', 'ReplicationGroupDescription',
  'SecurityGroupIds', 'TransitEncryptionEnabled', 'CacheClusterId', 'NumCacheNodes', 'TransitEncryptionMode', 'DeletionProtection', 'SubnetIds',
  'VPC', 'ApplyImmediately', 'Import',
];

const V2_RDS = ['BackupRetentionPeriod', 'Class', 'DeletionProtection', 'Durable', 'Encrypted', 'Iops', 'ParameterGroupName', 'PreferredBackupWindow', 'ReadSourceDB', 'PromotedFromReplica', 'Snapshot', 'Storage', 'Version'];
/** CloudFormation parameters of each v2 resource template that an option may set. */
const V2_PARAMETERS: Readonly<Record<string, readonly string[]>> = {
  postgres: V2_RDS,
  mysql: V2_RDS,
  mariadb: V2_RDS,
  redis: ['Class', 'Durable', 'Encrypted', 'Nodes', 'Engine', 'Version'],
  memcached: ['Class', 'Encrypted', 'Nodes', 'Version'],
  valkey: ['Class', 'Durable', 'Encrypted', 'Nodes', 'Version'],
  efs: ['Encrypted', 'OwnerGid', 'OwnerUid', 'Path', 'Permissions'],
};
/** Parameters every v2 resource template declares but the app stack sets itself after the options (last one wins). */
const V2_SET_BY_APP = ['AutoMinorVersionUpgrade', 'Password', 'Rack'];

/** Options that are RDS/ElastiCache settings: on a v3 container they hint at a v2 manifest (v2's postgres is RDS). */
const MANAGED_ONLY = new Set(['class', 'instance', 'encrypted', 'durable', 'deletionProtection', 'iops', 'backupRetentionPeriod', 'preferredBackupWindow', 'readSourceDB', 'snapshot', 'parameterGroupName', 'autoMinorVersionUpgrade', 'nodes', 'password']);

/** convox/rack helpers.go upperName: `my_option`/`my-option` -> `MyOption`, first letter upper-cased. */
export function upperName(name: string): string {
  if (name === '') return '';
  let upper = name.replace(/_/g, '-');
  upper = upper[0].toUpperCase() + upper.slice(1);
  for (let index = upper.indexOf('-'); index !== -1; index = upper.indexOf('-')) {
    upper = upper.slice(0, index) + upper.slice(index + 1, index + 2).toUpperCase() + upper.slice(index + 2);
  }
  return upper;
}

export function isKnownType(target: Target, type: string): boolean {
  return RESOURCE_TYPES[target].includes(type);
}

export interface TypeAdvice {
  /** A type of this target to change to. */
  suggestion?: string;
  /** Why, or what to do when there is nothing to change to. */
  note?: string;
}

const TYPE_TYPOS: Readonly<Record<string, string>> = {
  postgresql: 'postgres',
  postgre: 'postgres',
  pg: 'postgres',
  pgsql: 'postgres',
  psql: 'postgres',
  'rds-postgresql': 'rds-postgres',
  memcache: 'memcached',
  'elasticache-memcache': 'elasticache-memcached',
};

/** What to write instead of a type the target does not have. */
export function typeAdvice(target: Target, type: string): TypeAdvice {
  const lower = type.toLowerCase();
  const known = RESOURCE_TYPES[target];
  if (known.includes(lower)) return { suggestion: lower, note: 'Types are lower-case.' };
  const product = UNMANAGED_DATASTORES[lower];
  if (product) {
    return { note: `Convox has no ${product} resource: run it as a service of this app (\`image:\` with a volume), or use a hosted ${product} and set its URL with \`convox env set\`.` };
  }
  if (target === 'v3') {
    if (lower === 'valkey') return { suggestion: 'redis', note: '`valkey` exists only on v2 racks; v3 has `redis` (a container) and `elasticache-redis`.' };
    if (lower === 'efs') return { note: 'v3 racks have no `efs` resource: mount EFS with a service\'s `volumeOptions: [{awsEfs: …}]`.' };
  } else {
    const v3Managed = Object.entries(MANAGED_EQUIVALENT).find(([, managed]) => managed === lower);
    if (v3Managed) return { suggestion: v3Managed[0], note: `On v2 racks \`${v3Managed[0]}\` is already the managed AWS service.` };
    if (lower === 'postgis') return { suggestion: 'postgres', note: 'v2 has no `postgis`: use `postgres` (RDS) and `CREATE EXTENSION postgis`.' };
  }
  const typo = TYPE_TYPOS[lower];
  if (typo && known.includes(typo)) return { suggestion: typo };
  if (typo === 'rds-postgres' && target === 'v2') return { suggestion: 'postgres' };
  const close = didYouMean(lower, known);
  return close ? { suggestion: close } : {};
}

export type OptionVerdict =
  | { read: true }
  | {
      read: false;
      /** `ignored`: Convox drops it silently; `fails`: v2's CloudFormation update fails; `overridden`: v2 sets it itself. */
      effect: 'ignored' | 'fails' | 'overridden';
      /** The option this type reads that was probably meant. */
      suggestion?: string;
      note?: string;
    };

/** Whether a resource of `type` (known on `target`) reads the option `option`, and what happens if not. */
export function optionVerdict(target: Target, type: string, option: string): OptionVerdict {
  const suggest = (candidates: readonly string[]) => (option === 'memory' && candidates.includes('mem') ? 'mem' : didYouMean(option, candidates));
  if (target === 'v2') {
    if (option === 'noUpdate') return { read: true }; // handled by releases.go itself
    const parameter = upperName(option);
    const parameters = V2_PARAMETERS[type] ?? [];
    if (parameters.includes(parameter)) return { read: true };
    if (V2_SET_BY_APP.includes(parameter)) {
      const note = parameter === 'AutoMinorVersionUpgrade' ? ' (set it for every resource with `convox apps params set AutoMinorVersionUpgrade=…`)' : '';
      return { read: false, effect: 'overridden', note: `the app stack sets ${parameter} itself after the options, so this value is replaced${note}` };
    }
    const names = parameters.map((p) => p[0].toLowerCase() + p.slice(1));
    return { read: false, effect: 'fails', suggestion: suggest(names), note: `it becomes the CloudFormation parameter "${parameter}", which the ${type} template does not declare, so the app's stack update fails at promote` };
  }
  const container = CONTAINER_OPTIONS[type];
  if (container) {
    if (container.includes(option)) return { read: true };
    let note: string | undefined;
    if (MANAGED_ONLY.has(option) || (option === 'storage' && !WITH_VOLUME.has(type))) {
      const managed = MANAGED_EQUIVALENT[type];
      note =
        option === 'storage'
          ? `${type} runs without a volume on v3`
          : `it is an AWS setting (v2's \`${type === 'postgis' ? 'postgres' : type}\` was the AWS service; v3's is a container)${managed ? `: use \`type: ${managed}\` for the managed service` : ''}`;
      if ((option === 'class' || option === 'durable') && ['postgres', 'mysql', 'mariadb'].includes(type)) note += '; Convox Cloud databases read it, racks do not';
    }
    return { read: false, effect: 'ignored', suggestion: suggest(container), note };
  }
  const rds = type.startsWith('rds-');
  const aliases = rds ? RDS_ALIASES : ELASTICACHE_ALIASES;
  const parameters = rds ? RDS_PARAMETERS : ELASTICACHE_PARAMETERS;
  if (aliases.includes(option) || parameters.some((p) => p.toLowerCase() === option.toLowerCase())) return { read: true };
  const alias = aliases.find((a) => a.toLowerCase() === option.toLowerCase());
  return {
    read: false,
    effect: 'ignored',
    suggestion: alias ?? suggest([...aliases, ...parameters]),
    note: alias ? `short names are case-sensitive; only ${rds ? 'RDS' : 'ElastiCache'} parameter names match in any case` : undefined,
  };
}

/** The options a type reads, for messages. */
export function optionsRead(target: Target, type: string): string[] {
  if (target === 'v2') return (V2_PARAMETERS[type] ?? []).map((p) => p[0].toLowerCase() + p.slice(1));
  return [...(CONTAINER_OPTIONS[type] ?? (type.startsWith('rds-') ? RDS_ALIASES : ELASTICACHE_ALIASES))];
}
