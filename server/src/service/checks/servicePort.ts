import type { Plain } from '../yaml/toPlain';
import { isInterpolated, isMap, PlainMap } from './support';

/** A service's main `port:` as Convox reads it (yaml.go ServicePort.UnmarshalYAML, v2 and v3 alike). */
export interface ServicePort {
  /** The port number, when it is written literally and parses. */
  number?: number;
  /** Lower-case scheme (`http` when none is written); undefined when unknown. */
  scheme?: string;
  /** The value contains `${VAR}`: Convox substitutes it before parsing, so it is unknown here. */
  interpolated: boolean;
}

/** `3000`, `"3000"`, `https:3000`: the number and scheme of one port string (undefined if Convox cannot parse it). */
function parsePortText(text: string): { number: number; scheme?: string } | undefined {
  const match = /^(?:([A-Za-z][A-Za-z0-9+.-]*):)?([0-9]+)$/.exec(text.trim());
  if (!match) return undefined;
  return { number: Number(match[2]), scheme: match[1]?.toLowerCase() };
}

/**
 * The service's main port, or undefined when it has none (`port` absent or empty: Convox then renders no load
 * balancer target and no probes). A port Convox cannot parse still counts as present, with no number.
 */
export function servicePort(body: PlainMap | null): ServicePort | undefined {
  const value: Plain | undefined = body?.port;
  if (value === undefined || value === null || value === '') return undefined;
  if (isInterpolated(value)) return { interpolated: true };
  if (typeof value === 'number') return Number.isInteger(value) ? { number: value, scheme: 'http', interpolated: false } : { interpolated: false };
  if (typeof value === 'string') {
    const parsed = parsePortText(value);
    return parsed ? { number: parsed.number, scheme: parsed.scheme ?? 'http', interpolated: false } : { interpolated: false };
  }
  if (isMap(value)) {
    const inner = value.port;
    const scheme = typeof value.scheme === 'string' ? value.scheme.toLowerCase() : undefined;
    if (isInterpolated(inner) || isInterpolated(value.scheme)) return { interpolated: true };
    if (typeof inner === 'number' && Number.isInteger(inner)) return { number: inner, scheme: scheme ?? 'http', interpolated: false };
    if (typeof inner === 'string') {
      const parsed = parsePortText(inner);
      if (parsed) return { number: parsed.number, scheme: scheme ?? parsed.scheme ?? 'http', interpolated: false };
    }
    return { interpolated: false };
  }
  return { interpolated: false };
}

/** gRPC ports get no HTTP health check: v3 renders no httpGet probe, v2 matches gRPC status codes. */
export function isGrpc(port: ServicePort | undefined): boolean {
  return port?.scheme === 'grpc' || port?.scheme === 'secure-grpc' || port?.scheme === 'grpcs';
}
