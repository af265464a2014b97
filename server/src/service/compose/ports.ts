/**
 * docker-compose port entries (`ports:` and `expose:`): the short syntax `[[ip:]published:]container[/protocol]`
 * with optional ranges (`"3000-3005"`), and the long syntax `{target, published, protocol, host_ip}`.
 */
export interface ComposePort {
  /** The container port, when it is one port (not a range, not `${VAR}`). */
  container?: number;
  /** The published (host) side, as written, when there is one. */
  published?: string;
  protocol: string;
  /** True for `published:container` mappings, host IPs and ranges: forms Convox's `ports` cannot read. */
  mapping: boolean;
  /** The container ports of a range (`"3000-3005"`, `"9090-9091:8080-8081"`): first and last. */
  containerRange?: [number, number];
  /** The host address a port is published on (`"127.0.0.1:8001:8001"`, long form `host_ip`). */
  hostIp?: string;
  /** Long form `name` and `app_protocol` (`http`, `https`, ...). */
  name?: string;
  appProtocol?: string;
}

function port(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const value = Number(text);
  return value >= 1 && value <= 65535 ? value : undefined;
}

/** Reads one compose port entry; undefined for values that are not a port form at all (or hold `${VAR}`). */
export function parseComposePort(value: unknown): ComposePort | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? { container: port(String(value)), protocol: 'tcp', mapping: false } : undefined;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const map = value as Record<string, unknown>;
    const target = typeof map.target === 'number' || typeof map.target === 'string' ? port(String(map.target)) : undefined;
    const published = typeof map.published === 'number' || typeof map.published === 'string' ? String(map.published) : undefined;
    const protocol = typeof map.protocol === 'string' ? map.protocol.toLowerCase() : 'tcp';
    const text = (key: string) => (typeof map[key] === 'string' ? (map[key] as string) : undefined);
    return { container: target, published, protocol, mapping: true, hostIp: text('host_ip'), name: text('name'), appProtocol: text('app_protocol')?.toLowerCase() };
  }
  if (typeof value !== 'string' || value.includes('${')) return undefined;
  const text = value.trim();
  const slash = text.lastIndexOf('/');
  const protocol = slash >= 0 ? text.slice(slash + 1).toLowerCase() : 'tcp';
  const spec = slash >= 0 ? text.slice(0, slash) : text;
  // `[::1]:80:80`: an IPv6 host address is bracketed; drop it before splitting on colons.
  const withoutIp = spec.replace(/^\[[^\]]*\]:/, '');
  const parts = withoutIp.split(':');
  if (parts.length > 3 || parts.some((part, index) => part === '' && index !== parts.length - 2)) return undefined;
  const containerText = parts[parts.length - 1];
  if (!/^\d+(-\d+)?$/.test(containerText)) return undefined;
  const published = parts.length >= 2 && parts[parts.length - 2] !== '' ? parts[parts.length - 2] : undefined;
  const mapping = parts.length > 1 || spec !== withoutIp || containerText.includes('-');
  const [first, last] = containerText.split('-').map(port);
  const containerRange: [number, number] | undefined = containerText.includes('-') && first !== undefined && last !== undefined && first <= last ? [first, last] : undefined;
  const hostIp = spec !== withoutIp ? spec.slice(1, spec.indexOf(']')) : parts.length === 3 ? parts[0] : undefined;
  return { container: port(containerText), published, protocol, mapping, ...(containerRange && { containerRange }), ...(hostIp && { hostIp }) };
}

/** The container port written the way Convox's `ports:` list takes it: `5000`, or `5000/udp`. */
export function convoxPortItem(parsed: ComposePort): string | number | undefined {
  if (parsed.container === undefined) return undefined;
  return parsed.protocol === 'tcp' ? parsed.container : `${parsed.container}/${parsed.protocol}`;
}

/** Well-known ports of databases and brokers: a mapping to one of these is not the service's HTTP port. */
export const NOT_HTTP: ReadonlySet<number> = new Set([21, 22, 25, 53, 389, 1433, 1521, 2181, 3306, 4222, 5432, 5672, 6379, 9042, 9092, 11211, 27017]);

/** The port the load balancer should route to: the first TCP port that is not a well-known non-HTTP one. */
export function httpPort(ports: readonly ComposePort[]): number | undefined {
  return ports.find((p) => p.container !== undefined && p.protocol === 'tcp' && !NOT_HTTP.has(p.container))?.container;
}
