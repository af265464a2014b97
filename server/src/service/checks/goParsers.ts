/**
 * The few Go and Kubernetes parsers Convox's validation relies on, reimplemented so a manifest is judged exactly as
 * Convox judges it: `time.ParseDuration`, `net.ParseCIDR`, `url.Parse` and `resource.ParseQuantity`.
 */

// --- time.ParseDuration -----------------------------------------------------------------------------------------

const DURATION_UNITS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  'µs': 1e3, // U+00B5 micro sign
  'μs': 1e3, // U+03BC Greek mu
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** Nanoseconds of a Go duration string (`1h30m`, `-5s`, `.5h`), or undefined where time.ParseDuration fails. */
export function parseGoDuration(text: string): number | undefined {
  let s = text;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') return undefined;
  let total = 0;
  while (s !== '') {
    const match = /^([0-9]*)(?:\.([0-9]*))?/.exec(s);
    const whole = match?.[1] ?? '';
    const fraction = match?.[2];
    if (!match || (whole === '' && !fraction)) return undefined; // needs digits before or after the dot
    s = s.slice(match[0].length);
    let unitEnd = 0;
    while (unitEnd < s.length && s[unitEnd] !== '.' && !(s[unitEnd] >= '0' && s[unitEnd] <= '9')) unitEnd++;
    const unit = s.slice(0, unitEnd);
    const scale = DURATION_UNITS[unit];
    if (scale === undefined) return undefined; // missing or unknown unit
    s = s.slice(unitEnd);
    total += Number(`${whole || '0'}.${fraction || '0'}`) * scale;
  }
  return negative ? -total : total;
}

export const HOUR_NS = 3600e9;

// --- net.ParseCIDR ----------------------------------------------------------------------------------------------

export interface Cidr {
  /** 4 bytes for an IPv4 address, 16 for IPv6. */
  bytes: number[];
  prefix: number;
  /** `ip.To4() != nil` in Go: a plain IPv4 address or an IPv4-mapped IPv6 one. */
  isV4: boolean;
  /** `ipnet.String()`: the network address (host bits cleared) and prefix, as Go prints it for IPv4. */
  canonical?: string;
}

function parseIPv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const part of parts) {
    if (!/^[0-9]{1,3}$/.test(part)) return undefined;
    if (part.length > 1 && part.startsWith('0')) return undefined; // netip rejects leading zeros
    const value = Number(part);
    if (value > 255) return undefined;
    bytes.push(value);
  }
  return bytes;
}

function parseIPv6(text: string): number[] | undefined {
  const ip: number[] = new Array(16).fill(0);
  let s = text;
  let ellipsis = -1;
  let i = 0;
  if (s.startsWith('::')) {
    ellipsis = 0;
    s = s.slice(2);
    if (s === '') return ip;
  }
  while (i < 16) {
    let off = 0;
    let acc = 0;
    while (off < s.length && /[0-9a-fA-F]/.test(s[off])) {
      acc = acc * 16 + parseInt(s[off], 16);
      off++;
      if (off > 4) return undefined;
    }
    if (off === 0) return undefined;
    if (off < s.length && s[off] === '.') {
      if (ellipsis < 0 && i !== 12) return undefined;
      if (i + 4 > 16) return undefined;
      const v4 = parseIPv4(s);
      if (!v4) return undefined;
      ip.splice(i, 4, ...v4);
      i += 4;
      s = '';
      break;
    }
    ip[i] = acc >> 8;
    ip[i + 1] = acc & 0xff;
    i += 2;
    s = s.slice(off);
    if (s === '') break;
    if (s[0] !== ':' || s.length === 1) return undefined;
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return undefined;
      ellipsis = i;
      s = s.slice(1);
      if (s === '') break;
    }
  }
  if (s !== '') return undefined;
  if (i < 16) {
    if (ellipsis < 0) return undefined;
    const shift = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + shift] = ip[j];
    for (let j = ellipsis + shift - 1; j >= ellipsis; j--) ip[j] = 0;
  } else if (ellipsis >= 0) {
    return undefined; // `::` must stand for at least one group
  }
  return ip;
}

function masked(bytes: number[], prefix: number): number[] {
  return bytes.map((byte, index) => {
    const bits = Math.max(0, Math.min(8, prefix - index * 8));
    return byte & ((0xff << (8 - bits)) & 0xff);
  });
}

/** Go's `net.ParseCIDR`: undefined where it returns an error (`1.1.1.1` without a prefix fails). */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = text.slice(0, slash);
  const mask = text.slice(slash + 1);
  if (address.includes('%')) return undefined; // zones are rejected
  const v4 = address.includes(':') ? undefined : parseIPv4(address);
  const v6 = v4 ? undefined : parseIPv6(address);
  if (!v4 && !v6) return undefined;
  if (!/^[0-9]+/.test(mask) || !/^[0-9]+$/.test(mask)) return undefined;
  const prefix = Number(mask);
  const bits = v4 ? 32 : 128;
  if (prefix > bits) return undefined;
  if (v4) {
    return { bytes: v4, prefix, isV4: true, canonical: `${masked(v4, prefix).join('.')}/${prefix}` };
  }
  const bytes = v6!;
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (mapped) {
    const v4Prefix = Math.max(0, prefix - 96);
    return { bytes, prefix, isV4: true, canonical: `${masked(bytes.slice(12), v4Prefix).join('.')}/${v4Prefix}` };
  }
  return { bytes, prefix, isV4: false };
}

// --- url.Parse ---------------------------------------------------------------------------------------------------

export type GoUrl = { scheme: string; host: string } | { error: string };

const HOST_ALLOWED = /[A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"]/;

function validOptionalPort(port: string): boolean {
  return port === '' || (port.startsWith(':') && /^[0-9]*$/.test(port.slice(1)));
}

function parseHost(host: string): string | { error: string } {
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close < 0) return { error: `missing ']' in host` };
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort)) return { error: `invalid port ${JSON.stringify(colonPort)} after host` };
  } else {
    const colon = host.lastIndexOf(':');
    if (colon >= 0) {
      const colonPort = host.slice(colon);
      if (!validOptionalPort(colonPort)) return { error: `invalid port ${JSON.stringify(colonPort)} after host` };
    }
  }
  for (let i = 0; i < host.length; i++) {
    const c = host[i];
    if (c === '%') {
      if (!/^%[0-9a-fA-F]{2}/.test(host.slice(i))) return { error: `invalid URL escape ${JSON.stringify(host.slice(i, i + 3))}` };
      i += 2;
      continue;
    }
    if (c.charCodeAt(0) < 0x80 && !HOST_ALLOWED.test(c)) return { error: `invalid character ${JSON.stringify(c)} in host name` };
  }
  return host;
}

/** The scheme and host Go's `url.Parse` finds, or its error text (`parse "<url>": <reason>`). */
export function parseGoUrl(raw: string): GoUrl {
  const fail = (reason: string): GoUrl => ({ error: `parse ${JSON.stringify(raw)}: ${reason}` });
  if (/[\x00-\x1f\x7f]/.test(raw)) return fail('net/url: invalid control character in URL');
  let rest = raw.split('#')[0];
  let scheme = '';
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) break;
      continue;
    }
    if (c === ':') {
      if (i === 0) return fail('missing protocol scheme');
      scheme = rest.slice(0, i).toLowerCase();
      rest = rest.slice(i + 1);
    }
    break;
  }
  const query = rest.indexOf('?');
  if (query >= 0) rest = rest.slice(0, query);
  if (!rest.startsWith('/')) {
    if (scheme !== '') return { scheme, host: '' }; // opaque: `mailto:x`
    const colon = rest.indexOf(':');
    const slash = rest.indexOf('/');
    if (colon >= 0 && (slash < 0 || colon < slash)) return fail('first path segment in URL cannot contain colon');
    return { scheme, host: '' };
  }
  if (!rest.startsWith('//') || (scheme === '' && rest.startsWith('///'))) return { scheme, host: '' };
  const authorityEnd = rest.indexOf('/', 2);
  const authority = authorityEnd < 0 ? rest.slice(2) : rest.slice(2, authorityEnd);
  const at = authority.lastIndexOf('@');
  const host = parseHost(at < 0 ? authority : authority.slice(at + 1));
  if (typeof host !== 'string') return fail(host.error);
  return { scheme, host };
}

// --- resource.ParseQuantity -------------------------------------------------------------------------------------

const QUANTITY = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;
const SUFFIX: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** The numeric value of a Kubernetes quantity (`100Gi`, `1.5G`, `2e3`), or undefined where ParseQuantity fails. */
export function parseQuantity(text: string): number | undefined {
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const number = Number(match[1]);
  const suffix = match[2] ?? '';
  if (suffix === '') return number;
  if (/^[eE][+-]?[0-9]+$/.test(suffix)) return number * 10 ** Number(suffix.slice(1));
  return number * SUFFIX[suffix];
}

const QUANTITY_FORMAT = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;

/** The error text of resource.ParseQuantity for a value it rejects (undefined when it parses). */
export function quantityError(text: string): string | undefined {
  if (parseQuantity(text) !== undefined) return undefined;
  return text !== '' && QUANTITY_FORMAT.test(text) ? "unable to parse quantity's suffix" : `quantities must match the regular expression '${QUANTITY_FORMAT.source}'`;
}
