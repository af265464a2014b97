import type { Check, CheckContext, Location } from '../diagnostics/rule';
import { parseCidr } from './goParsers';
import { asString, firstLocation, goQuote, isInterpolated, isMap, keyLocation, Path, PlainMap, related, schemaReports, services, valueLocation } from './support';

const CERTIFICATE_ARN = /^arn:aws[-a-z]*:acm:[a-z0-9-]+:\d{12}:certificate\/[a-zA-Z0-9-]+$|^arn:aws[-a-z]*:iam::\d{12}:server-certificate\/.+$/;
const CERTS_HINT = "(provide an ACM ARN; run 'convox certs list' to see available ARNs)";

/**
 * v2 `nlb` listeners (convox/rack manifest.go Validate). Convox stops at the first error; here each listener
 * reports its first problem in Convox's order (so a protocol error hides a certificate error on the same listener),
 * and ports must be unique within a service and across services.
 */
export const nlb: Check = {
  rules: [{ code: 'invalid-nlb', severity: 'error', title: 'An nlb listener Convox (v2) rejects' }],
  run(context) {
    const { document, settings } = context;
    if (settings.target !== 'v2') return;
    const owners = new Map<number, { service: string; location?: Location }>();
    for (const [service, body] of services(document)) {
      const list = body?.nlb;
      if (!Array.isArray(list) || list.length === 0) continue;
      const base = ['services', service, 'nlb'];
      // v2 reads any agent map as enabled (even `enabled: false`).
      if (body!.agent === true || isMap(body!.agent)) {
        const location = keyLocation(document, base);
        if (location) {
          context.report({
            code: 'invalid-nlb',
            location,
            message: `service ${service}: agent mode is incompatible with nlb ports. Remove \`nlb:\` or the \`agent:\` setting.`,
            related: related(document, keyLocation(document, ['services', service, 'agent']), 'agent is enabled here'),
          });
        }
        continue;
      }
      const seenPorts = new Map<number, number>();
      const seenContainerPorts = new Set<number>();
      list.forEach((item, index) => {
        if (!isMap(item)) return;
        const listener = checkListener(context, service, [...base, index], item);
        if (!listener) return;
        const { port, containerPort, portPath, containerPath } = listener;
        const portLocation = firstLocation(valueLocation(document, portPath), valueLocation(document, [...base, index]));
        const fail = (location: Location | undefined, message: string, extra: { related?: ReturnType<typeof related> } = {}) => {
          if (location) context.report({ code: 'invalid-nlb', location, message, ...extra });
        };
        const existing = seenPorts.get(port);
        if (existing !== undefined) {
          return existing !== containerPort
            ? fail(portLocation, `service ${service}: nlb port ${port} declared with conflicting containerPort values. Declare each nlb port once.`)
            : fail(portLocation, `service ${service}: duplicate nlb port ${port}. Remove the repeated listener.`);
        }
        if (seenContainerPorts.has(containerPort)) {
          return fail(
            firstLocation(containerPath ? valueLocation(document, containerPath) : undefined, portLocation),
            `service ${service}: nlb containerPort ${containerPort} used by multiple nlb listeners. Point each listener at its own containerPort.`,
          );
        }
        const owner = owners.get(port);
        if (owner && owner.service !== service) {
          return fail(
            portLocation,
            `nlb port ${port} declared by services ${owner.service} and ${service}; rack NLB listener is shared, each port must be unique across services. Use another port.`,
            { related: related(document, owner.location, `service ${owner.service} declares nlb port ${port} here`) },
          );
        }
        owners.set(port, { service, location: portLocation });
        seenPorts.set(port, containerPort);
        seenContainerPorts.add(containerPort);
      });
    }
  },
};

interface Listener {
  port: number;
  containerPort: number;
  portPath: Path;
  containerPath?: Path;
}

/** One listener's own rules, in Convox's order; returns the listener when it passes them all. */
function checkListener(context: CheckContext, service: string, path: Path, item: PlainMap): Listener | undefined {
  const { document } = context;
  /** Ends the listener at its first problem; reports it unless the schema already reports the value at `key`. */
  const stop = (key: string | number | undefined, location: Location | undefined, message: string): undefined => {
    const at = key === undefined ? undefined : [...path, ...(typeof key === 'number' ? ['allow_cidr', key] : [key])];
    if (location && !(at && schemaReports(context, at))) context.report({ code: 'invalid-nlb', location, message });
    return undefined;
  };
  const itemLocation = valueLocation(document, path);
  const portPath = [...path, 'port'];
  if (item.port !== undefined && item.port !== null && typeof item.port !== 'number') return undefined; // load error: the schema reports it
  const port = typeof item.port === 'number' ? item.port : 0;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    return stop('port', firstLocation(valueLocation(document, portPath), itemLocation), `service ${service}: nlb port ${port} out of range. Use a port between 1 and 65535.`);
  }
  const containerPath = item.containerPort === undefined || item.containerPort === null ? undefined : [...path, 'containerPort'];
  if (containerPath && typeof item.containerPort !== 'number') return undefined;
  const containerPort = typeof item.containerPort === 'number' && item.containerPort !== 0 ? item.containerPort : port;
  if (!Number.isInteger(containerPort) || containerPort < 1 || containerPort > 65535) {
    return stop('containerPort', valueLocation(document, containerPath ?? portPath), `service ${service}: nlb containerPort ${containerPort} out of range. Use a port between 1 and 65535.`);
  }

  const text = (key: string): string | undefined => {
    const value = item[key];
    return value === undefined || value === null ? '' : asString(value);
  };
  const rawProtocol = text('protocol');
  const rawScheme = text('scheme');
  const certificate = text('certificate');
  if (rawProtocol === undefined || rawScheme === undefined || certificate === undefined) return undefined;
  if ([rawProtocol, rawScheme, certificate].some(isInterpolated)) return undefined;
  const protocol = rawProtocol.trim().toLowerCase() || 'tcp';
  const scheme = rawScheme.trim().toLowerCase() || 'public';
  const prefix = `service ${service} nlb port ${port}: `;

  if (protocol !== 'tcp' && protocol !== 'tls') {
    return stop('protocol', valueLocation(document, [...path, 'protocol']), `${prefix}protocol must be tcp or tls, got ${goQuote(protocol)}. NLB listeners carry TCP only.`);
  }
  if (protocol === 'tls' && certificate === '') {
    return stop(undefined, firstLocation(valueLocation(document, [...path, 'protocol']), itemLocation), `${prefix}protocol tls requires a certificate ${CERTS_HINT}. Add \`certificate: arn:aws:acm:...\`.`);
  }
  if (protocol !== 'tls' && certificate !== '') {
    return stop(undefined, keyLocation(document, [...path, 'certificate']), `${prefix}certificate is only valid with protocol: tls. Add \`protocol: tls\` or remove the certificate.`);
  }
  if (certificate !== '' && !CERTIFICATE_ARN.test(certificate)) {
    return stop(
      'certificate',
      valueLocation(document, [...path, 'certificate']),
      `${prefix}certificate must be a full ACM or IAM server-certificate ARN, got ${goQuote(certificate)} (run 'convox certs list' to see available ARNs)`,
    );
  }
  if (scheme !== 'public' && scheme !== 'internal') {
    return stop('scheme', valueLocation(document, [...path, 'scheme']), `${prefix}scheme must be public or internal, got ${goQuote(scheme)}.`);
  }

  const cidrs = item.allow_cidr;
  if (Array.isArray(cidrs)) {
    const seen = new Set<string>();
    for (let index = 0; index < cidrs.length; index++) {
      const entry = cidrs[index];
      if (typeof entry !== 'string') return undefined; // load error: the schema reports it
      if (isInterpolated(entry)) continue;
      const location = valueLocation(document, [...path, 'allow_cidr', index]);
      const at = (message: string) => stop(index, location, `${prefix}${message}`);
      const cidr = parseCidr(entry);
      if (!cidr) return at(`allow_cidr entry ${goQuote(entry)} is not a valid IPv4 CIDR (e.g. 10.0.0.0/16)`);
      if (!cidr.isV4) return at(`allow_cidr entry ${goQuote(entry)} is not a valid IPv4 CIDR (IPv6 not supported)`);
      if (cidr.canonical !== entry) return at(`allow_cidr entry ${goQuote(entry)} is not canonical; use ${goQuote(cidr.canonical!)} instead`);
      if (seen.has(entry)) return at(`allow_cidr contains duplicate entry: ${entry}. Remove the repeated entry.`);
      seen.add(entry);
    }
  }
  return { port, containerPort, portPath, containerPath };
}
