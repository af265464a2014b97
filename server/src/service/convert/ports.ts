import { ComposePort, NOT_HTTP, parseComposePort } from '../compose/ports';
import { child, Session } from './session';
import { CValue, items, plain, Span } from './tree';
import { rewrite, rewriteNotes } from './values';

/**
 * `ports:` and `expose:` as Convox sees a service: one `port` the load balancer routes HTTP to (public when
 * compose published it, `internal: true` when compose only exposed it), and `ports` for the other container
 * ports (reachable inside the rack, no load balancer, no health checks).
 */

export interface PortItem {
  parsed: ComposePort;
  span: Span;
  path: string;
  /** Published on the host (`"8080:80"`, long form `published`), as opposed to container-only or `expose`. */
  published: boolean;
}

/** Ports a load balancer commonly fronts for HTTP. */
const HTTP_PORTS = new Set([80, 443, 3000, 3001, 4000, 4200, 5000, 5001, 8000, 8008, 8080, 8081, 8082, 8088, 8443, 8888]);
/** More well-known non-HTTP ports (SMTP, brokers, FastCGI, gRPC-ish) on top of the shared list. */
const ALSO_NOT_HTTP = new Set([23, 110, 143, 465, 587, 993, 995, 1025, 1883, 4369, 5671, 6380, 7000, 7001, 8125, 8126, 9000, 9093, 9300, 26257, 27018, 29092, 61613, 61616]);

function notHttp(port: number): boolean {
  return NOT_HTTP.has(port) || ALSO_NOT_HTTP.has(port);
}

/** Reads the port entries of `ports:` or `expose:`, noting entries it cannot read. */
export function portItems(session: Session, value: CValue | undefined, path: string, key: 'ports' | 'expose'): PortItem[] {
  const out: PortItem[] = [];
  items(value).forEach((item, index) => {
    const itemPath = value?.kind === 'seq' ? child(path, index) : path;
    let raw = plain(item);
    if (item.kind === 'map') {
      const map = { ...(raw as Record<string, unknown>) };
      for (const field of ['target', 'published', 'host_ip']) {
        if (typeof map[field] === 'string') map[field] = rewrite(map[field] as string).text;
      }
      raw = map;
    } else if (typeof raw === 'string') {
      const rewritten = rewrite(raw);
      if (rewritten.kept.length || rewritten.invalid) {
        session.note('manual-step', itemPath, item.span, `The port ${JSON.stringify(raw)} depends on ${rewritten.kept.map((n) => `\${${n}}`).join(', ') || 'an invalid interpolation'}, which only your shell knows: write the container port as \`port:\` (or under \`ports:\`) by hand.`);
        return;
      }
      if (rewritten.defaulted.length) session.note('converted-approximately', itemPath, item.span, rewriteNotes(rewritten).join(' '));
      raw = rewritten.text;
    }
    const parsed = parseComposePort(raw);
    if (!parsed || (parsed.container === undefined && !parsed.containerRange)) {
      session.note('dropped', itemPath, item.span, `${JSON.stringify(raw)} is not a port compose reads: not converted.`);
      return;
    }
    const published = key === 'ports' && parsed.published !== undefined && parsed.published !== '';
    out.push({ parsed, span: item.span, path: itemPath, published });
  });
  return out;
}

export interface PortHints {
  /** Gen1 `convox.port.<published>.protocol` values. */
  protocols: Map<number, string>;
  /** Gen1 `convox.port.<published>.secure=true`. */
  secure: Set<number>;
  /** A container port a health check names (Gen1 `convox.health.port` or a healthcheck URL). */
  healthPort?: number;
  /** Gen1 `convox.balancer=false`: no load balancer at all. */
  noBalancer: boolean;
}

export interface PortChoice {
  port?: number | string;
  ports: (number | string)[];
  internal?: boolean;
  /** The container port behind `port`. */
  main?: number;
}

function score(item: PortItem, hints: PortHints): number {
  const { parsed } = item;
  const container = parsed.container;
  if (container === undefined || parsed.protocol !== 'tcp') return -1;
  const publishedPort = Number(parsed.published);
  const label = hints.protocols.get(publishedPort);
  if (label === 'http' || label === 'https') return 4;
  if (parsed.appProtocol === 'http' || parsed.appProtocol === 'https' || parsed.name === 'http' || parsed.name === 'https' || parsed.name === 'web') return 4;
  if (hints.healthPort === container) return 3;
  if (notHttp(container)) return -1;
  if (HTTP_PORTS.has(container) || publishedPort === 80 || publishedPort === 443) return 2;
  return 1;
}

export function choosePorts(session: Session, all: PortItem[], hints: PortHints): PortChoice {
  const choice: PortChoice = { ports: [] };
  const published = all.filter((item) => item.published);
  const unpublished = all.filter((item) => !item.published);
  const best = (list: PortItem[], minimum: number) => {
    let found: PortItem | undefined;
    let top = minimum - 1;
    for (const item of list) {
      const s = score(item, hints);
      if (s > top) [found, top] = [item, s];
    }
    return found;
  };
  const main = hints.noBalancer ? undefined : (best(published, 1) ?? best(unpublished, 2));
  if (main?.parsed.container !== undefined) {
    choice.main = main.parsed.container;
    const secure = hints.secure.has(Number(main.parsed.published)) || main.parsed.appProtocol === 'https';
    choice.port = secure ? `https:${choice.main}` : choice.main;
    if (!main.published) choice.internal = true;
  }
  const seen = new Set<string>();
  if (choice.main !== undefined) seen.add(`${choice.main}/tcp`);
  for (const item of all) {
    const { parsed } = item;
    const ports = parsed.containerRange ? range(parsed.containerRange) : [parsed.container as number];
    if (parsed.containerRange && ports.length > MAX_RANGE) {
      session.note('dropped', item.path, item.span, `The range ${parsed.containerRange.join('-')} has ${parsed.containerRange[1] - parsed.containerRange[0] + 1} ports; Convox lists ports one by one: add the ones you need under \`ports:\` by hand.`);
      continue;
    }
    if (parsed.hostIp && item.published) {
      session.note('converted-approximately', item.path, item.span, `Published only on ${parsed.hostIp} (local access) in compose; Convox has no host addresses: ${ports.includes(choice.main ?? -1) ? 'the port is served through the load balancer' : 'the port is reachable inside the rack'}.`);
    }
    const added: number[] = [];
    for (const port of ports) {
      const id = `${port}/${parsed.protocol}`;
      if (seen.has(id)) continue;
      seen.add(id);
      choice.ports.push(parsed.protocol === 'tcp' ? port : `${port}/${parsed.protocol}`);
      added.push(port);
    }
    if (parsed.containerRange && added.length) {
      session.note('converted-approximately', item.path, item.span, `The range ${parsed.containerRange.join('-')} is listed port by port under \`ports:\`.`);
    } else if (item.published && added.length && main && parsed.protocol === 'tcp') {
      session.note(
        'converted-approximately',
        item.path,
        item.span,
        `Compose published ${parsed.published} on the host; Convox routes only \`port\` (${choice.main}) through its load balancer, so ${added.join(', ')} is listed under \`ports:\` and reachable inside the rack only (a \`balancers:\` entry can expose it).`,
      );
    } else if (item.published && added.length && parsed.protocol !== 'tcp') {
      session.note('converted-approximately', item.path, item.span, `Compose published ${parsed.published}/${parsed.protocol} on the host; Convox lists it under \`ports:\`, reachable inside the rack only (a \`balancers:\` entry can expose it).`);
    } else if (item.published && added.length && !main && !hints.noBalancer) {
      session.note(
        'converted-approximately',
        item.path,
        item.span,
        `Compose published ${parsed.published} on the host; ${added.join(', ')} does not look like an HTTP port, so it is listed under \`ports:\` (reachable inside the rack) rather than as \`port:\`. If it serves HTTP, make it \`port:\`.`,
      );
    }
  }
  return choice;
}

const MAX_RANGE = 20;

function range([first, last]: [number, number]): number[] {
  const out: number[] = [];
  for (let p = first; p <= last && out.length <= MAX_RANGE; p++) out.push(p);
  return out;
}
