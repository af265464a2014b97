import type { Target } from '../settings';
import type { NginxArg, NginxConfig, NginxDirective } from './parse';

/**
 * The proxy pitfalls of an nginx config deployed behind Convox's load balancer, judged with nginx's own semantics:
 * `include`s are read in place, `proxy_set_header` is inherited from the enclosing level only when a level sets
 * none itself, `proxy_pass http://name` names an `upstream` group when one has that name, and a host in a variable
 * (`proxy_pass $backend;`, envsubst `${VAR}`) is unknown and never judged.
 */

export type NginxCode = 'nginx-host-header' | 'nginx-forwarded-for' | 'nginx-compose-host';

export interface ConfigFile {
  /** Absolute path in the workspace. */
  path: string;
  uri: string;
  config: NginxConfig;
  /** Where the image holds it (roots only). */
  imagePath?: string;
}

export interface ProxyEnvironment {
  target: Target;
  /** Services of the manifest by lower-case name, with the ports their Kubernetes Service listens on (undefined: unknown). */
  services: ReadonlyMap<string, readonly number[] | undefined>;
}

export interface NginxFinding {
  file: ConfigFile;
  code: NginxCode;
  start: number;
  end: number;
  message: string;
}

/** The files an `include` pattern names, seen from `from` (already parsed); empty when none is known. */
export type IncludeLoader = (pattern: string, from: ConfigFile) => ConfigFile[];

interface Node {
  directive: NginxDirective;
  file: ConfigFile;
  parent?: Node;
  children?: Node[];
}

/** How deep `include`s are followed. */
const MAX_INCLUDE_DEPTH = 8;
const PASS_DIRECTIVES = new Set(['proxy_pass', 'fastcgi_pass', 'uwsgi_pass', 'scgi_pass', 'grpc_pass', 'memcached_pass']);
const CLIENT_HOST = /^\$(\{(host|http_host)\}|(host|http_host)(?![A-Za-z0-9_]))/;
const ADD_FORWARDED_FOR = /^\$(\{proxy_add_x_forwarded_for\}|proxy_add_x_forwarded_for(?![A-Za-z0-9_]))/;

/** The directives of `root` with `include`s read in place, as one tree. */
function flatten(root: ConfigFile, load: IncludeLoader): Node {
  const top: Node = { directive: { name: '', start: 0, nameEnd: 0, args: [], end: 0 }, file: root };
  const build = (directives: readonly NginxDirective[], file: ConfigFile, parent: Node, chain: readonly string[]): Node[] => {
    const nodes: Node[] = [];
    for (const directive of directives) {
      if (directive.name === 'include' && directive.args.length === 1 && !directive.block) {
        if (chain.length > MAX_INCLUDE_DEPTH) continue;
        for (const included of load(directive.args[0].value, file)) {
          if (chain.includes(included.path)) continue;
          nodes.push(...build(included.config.directives, included, parent, [...chain, included.path]));
        }
        continue;
      }
      const node: Node = { directive, file, parent };
      if (directive.block) node.children = build(directive.block, file, node, chain);
      nodes.push(node);
    }
    return nodes;
  };
  top.children = build(root.config.directives, root, top, [root.path]);
  return top;
}

function* nodes(node: Node): Generator<Node> {
  for (const child of node.children ?? []) {
    yield child;
    yield* nodes(child);
  }
}

// --- addresses ---------------------------------------------------------------------------------------------------

type HostKind = 'local' | 'ip' | 'domain' | 'upstream' | 'service' | 'compose';

interface Address {
  node: Node;
  /** The address as written (the argument's value). */
  text: string;
  kind: HostKind | 'unix' | 'variable';
  host: string;
  /** `host:port` as written (without scheme and path). */
  hostPort: string;
  port?: number;
  /** Offsets of the host name in the file (the whole argument when they cannot be mapped). */
  start: number;
  end: number;
}

const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, grpc: 80, grpcs: 443 };

/** The host of `proxy_pass http://web:8000/x`, `server web:8000 weight=2`, `fastcgi_pass php:9000`, ... */
function address(node: Node, arg: NginxArg, upstreams: ReadonlyMap<string, Node>, env: ProxyEnvironment, upstreamServer: boolean): Address {
  const value = arg.value;
  const base = { node, text: value, start: arg.start, end: arg.end };
  let offset = 0;
  let scheme: string | undefined;
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value);
  if (schemeMatch) {
    scheme = schemeMatch[1].toLowerCase();
    offset = schemeMatch[0].length;
  }
  const rest = value.slice(offset);
  if (rest.startsWith('unix:')) return { ...base, kind: 'unix', host: rest, hostPort: rest };
  const hostPort = /^[^/?]*/.exec(rest)![0];
  if (hostPort.includes('$')) return { ...base, kind: 'variable', host: hostPort, hostPort };
  let host = hostPort;
  let portText: string | undefined;
  const bracket = /^\[([^\]]*)\](?::(\d+))?$/.exec(hostPort);
  if (bracket) [host, portText] = [bracket[1], bracket[2]];
  else if (/^[^:]*:\d*$/.test(hostPort)) [host, portText] = hostPort.split(':');
  const port = portText ? Number(portText) : scheme ? DEFAULT_PORTS[scheme] : upstreamServer ? 80 : undefined;
  // Map the host back to the text when the argument is written without escapes (quoted or not).
  const raw = arg.quote ? [arg.start + 1, arg.end - 1] : [arg.start, arg.end];
  let where = { start: arg.start, end: arg.end };
  if (raw[1] - raw[0] === value.length) {
    const start = raw[0] + offset + (bracket ? 1 : 0);
    where = { start, end: start + host.length };
  }
  const lower = host.toLowerCase();
  let kind: HostKind;
  if (lower === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(lower) || lower === '::1' || lower === '0.0.0.0') kind = 'local';
  else if (/^\d+\.\d+\.\d+\.\d+$/.test(lower) || lower.includes(':')) kind = 'ip';
  else if (lower.includes('.')) kind = 'domain';
  else if (!upstreamServer && !portText && upstreams.has(lower)) kind = 'upstream';
  else if (env.services.has(lower)) kind = 'service';
  else kind = 'compose';
  return { ...base, ...where, kind, host, hostPort, ...(port !== undefined ? { port } : {}) };
}

/** What is broken about reaching `address` on Convox, or undefined when it works or cannot be known. */
function unreachable(address: Address, env: ProxyEnvironment): string | undefined {
  const { host } = address;
  const startup = `nginx then fails to start with host not found in upstream "${address.hostPort}"`;
  if (address.kind === 'compose') {
    return `"${host}" is not a service in this convox.yml (a docker-compose service name?), and on Convox it does not resolve (${startup}). ${
      env.target === 'v2'
        ? 'On a v2 rack reach another service through its internal hostname <service>.<app>.<rack>.convox (the <SERVICE>_URL that links: injects).'
        : 'Deploy the app as a service of this convox.yml and proxy to it by its name and port (web:3000), or use <service>.<app>.<rack>.local.'
    }`;
  }
  if (address.kind !== 'service') return undefined;
  if (env.target === 'v2') {
    return `Services are not reachable by their bare name on a v2 rack: "${host}" does not resolve (${startup}). Use its internal hostname ${host}.<app>.<rack>.convox (the ${host.toUpperCase().replace(/-/g, '_')}_URL that links: injects).`;
  }
  const ports = env.services.get(host.toLowerCase());
  if (ports === undefined) return undefined;
  if (ports.length === 0) {
    return `Service "${host}" has no port, so Convox creates no Kubernetes Service for it and "${host}" does not resolve (${startup}). Give ${host} a port: in convox.yml, or proxy to a service that has one.`;
  }
  if (address.port !== undefined && !ports.includes(address.port)) {
    return `Service "${host}" listens on port ${ports.join(', ')} (its port: in convox.yml), not ${address.port}: connections to ${host}:${address.port} fail. Use ${host}:${ports[0]}.`;
  }
  return undefined;
}

/** True when a request to `address` goes straight to a container, not through the Host-routed load balancer. */
function direct(address: Address, upstreams: ReadonlyMap<string, Node>, env: ProxyEnvironment, seen = new Set<string>()): boolean {
  switch (address.kind) {
    case 'local':
    case 'ip':
    case 'unix':
      return true;
    case 'domain':
      // v3: <service>.<app>.<rack>.local and *.svc.cluster.local resolve to the service's ClusterIP.
      return env.target === 'v3' && address.host.toLowerCase().endsWith('.local');
    case 'service':
      // v3: the service's Kubernetes Service, in the cluster (a wrong or missing port is nginx-compose-host's finding).
      return env.target === 'v3';
    case 'upstream': {
      const name = address.host.toLowerCase();
      if (seen.has(name)) return false;
      seen.add(name);
      const servers = serversOf(upstreams.get(name)!, upstreams, env);
      return servers.length > 0 && servers.every((server) => direct(server, upstreams, env, seen));
    }
    default:
      return false;
  }
}

function serversOf(upstream: Node, upstreams: ReadonlyMap<string, Node>, env: ProxyEnvironment): Address[] {
  return (upstream.children ?? [])
    .filter((child) => child.directive.name === 'server' && !child.directive.block && child.directive.args.length > 0)
    .map((child) => address(child, child.directive.args[0], upstreams, env, true));
}

// --- headers -----------------------------------------------------------------------------------------------------

/** The `proxy_set_header` directives in effect where `node` is: those of the nearest level that sets any. */
function effectiveHeaders(node: Node): Node[] {
  for (let level = node.parent; level; level = level.parent) {
    const headers = (level.children ?? []).filter((child) => child.directive.name === 'proxy_set_header');
    if (headers.length) return headers;
  }
  return [];
}

function headerIs(node: Node, name: string, value: RegExp): boolean {
  const [header, content] = node.directive.args;
  return header?.value.toLowerCase() === name && content !== undefined && value.test(content.value);
}

function directiveEnd(directive: NginxDirective): number {
  return directive.args.length ? directive.args[directive.args.length - 1].end : directive.nameEnd;
}

function describe(address: Address, upstreams: ReadonlyMap<string, Node>, env: ProxyEnvironment): string {
  if (address.kind !== 'upstream') return address.text;
  const servers = serversOf(upstreams.get(address.host.toLowerCase())!, upstreams, env).map((server) => server.text);
  return `${address.text} (upstream ${address.host}${servers.length ? `: ${servers.join(', ')}` : ''})`;
}

/** The findings of one root config (with everything it includes), in the files they are in. */
export function analyzeNginx(root: ConfigFile, env: ProxyEnvironment, load: IncludeLoader = () => []): NginxFinding[] {
  const tree = flatten(root, load);
  const all = [...nodes(tree)];
  const upstreams = new Map<string, Node>();
  for (const node of all) {
    if (node.directive.name === 'upstream' && node.children && node.directive.args[0]) upstreams.set(node.directive.args[0].value.toLowerCase(), node);
  }

  const findings: NginxFinding[] = [];
  const report = (node: Node, code: NginxCode, message: string, start = node.directive.start, end = directiveEnd(node.directive)) => {
    if (!findings.some((f) => f.file.path === node.file.path && f.code === code && f.start === start)) findings.push({ file: node.file, code, start, end, message });
  };

  // Hosts that do not exist on Convox: in *_pass directives and upstream servers.
  for (const node of all) {
    const { name, args } = node.directive;
    let target: Address | undefined;
    if (PASS_DIRECTIVES.has(name) && args[0]) target = address(node, args[0], upstreams, env, false);
    else if (name === 'server' && node.parent?.directive.name === 'upstream' && !node.directive.block && args[0]) target = address(node, args[0], upstreams, env, true);
    const problem = target && unreachable(target, env);
    if (target && problem) report(node, 'nginx-compose-host', problem, target.start, target.end);
  }

  // Headers in effect for each proxy_pass.
  for (const node of all) {
    if (node.directive.name !== 'proxy_pass' || !node.directive.args[0]) continue;
    const target = address(node, node.directive.args[0], upstreams, env, false);
    for (const header of effectiveHeaders(node)) {
      if (headerIs(header, 'host', CLIENT_HOST) && !direct(target, upstreams, env)) {
        const value = header.directive.args[1].value;
        report(
          header,
          'nginx-host-header',
          `proxy_set_header Host ${value} forwards the client's Host header to ${describe(target, upstreams, env)}. Convox's load balancer (nginx ingress or Contour on v3, the ALB on v2) routes by Host, so a request sent on to a service through it reaches whatever owns the client's domain, often this nginx again. Remove this line (nginx then sends $proxy_host) or write proxy_set_header Host $proxy_host;.`,
        );
      }
      if (headerIs(header, 'x-forwarded-for', ADD_FORWARDED_FOR)) {
        report(
          header,
          'nginx-forwarded-for',
          `Convox's load balancer already sets X-Forwarded-For to the client's address; $proxy_add_x_forwarded_for appends the balancer's address to it, so the app receives a chain ("client, balancer"), and apps that expect a single address have failed on such chains. Pass the header on unchanged with $http_x_forwarded_for, or make the app take the first address.`,
        );
      }
    }
  }
  return findings;
}
