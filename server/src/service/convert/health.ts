import { composeDurationSeconds } from '../compose/units';
import type { OutHealth } from './manifest';
import { child, Session } from './session';
import { CMap, composeBoolean, CValue, items, text } from './tree';
import { rewrite } from './values';

/** What a compose `healthcheck:` says that Convox can use. */
export interface HealthInfo {
  health: OutHealth;
  /** The port the check's URL names, when it names one. */
  port?: number;
  /** The check is an HTTP request (curl/wget of a URL): its path is the Convox health path. */
  http: boolean;
  /** Notes to add once it is known whether the service has a port (a service without one gets no checks). */
  deferred: { kind: 'converted-approximately' | 'dropped' | 'manual-step'; path: string; span: CValue['span']; message: string }[];
}

const LOCAL_HOSTS = /^(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|\[::\])$/;

/** The path and port of the URL a curl or wget command requests, if it requests one. */
export function httpCheck(command: string): { path: string; port?: number } | undefined {
  if (!/(^|[\s/'"(;&|])(curl|wget)(\s|$)/.test(command)) return undefined;
  const tokens = command.split(/[\s'"]+/).filter(Boolean);
  for (const token of tokens) {
    if (token.startsWith('-') || token.startsWith('/') || token.startsWith('$(')) continue;
    const match = /^(https?:\/\/)?(\[[^\]]*\]|[A-Za-z0-9][\w.-]*)(?::([^/?#]+))?([/?][^\s]*)?$/.exec(token);
    if (!match) continue;
    const [, scheme, host, portText, rest] = match;
    if (!scheme && !LOCAL_HOSTS.test(host) && portText === undefined) continue;
    if (!scheme && ['curl', 'wget', 'exit', 'echo', 'sh', 'bash', 'CMD', 'CMD-SHELL'].includes(host)) continue;
    const path = rest ? (rest.startsWith('/') ? rest : `/${rest}`) : '/';
    const port = portText && /^\d+$/.test(portText) ? Number(portText) : undefined;
    return { path: path.replace(/[)\\]+$/, '') || '/', port };
  }
  return undefined;
}

export function healthFromCheck(session: Session, check: CMap, path: string): HealthInfo {
  const info: HealthInfo = { health: {}, http: false, deferred: [] };
  const defer = (kind: HealthInfo['deferred'][number]['kind'], keyPath: string, span: CValue['span'], message: string) => info.deferred.push({ kind, path: keyPath, span, message });
  let commandText: string | undefined;
  let disabled = false;
  const timings: CMap['entries'] = [];
  for (const e of check.entries) {
    const keyPath = child(path, e.key);
    switch (e.key) {
      case 'test': {
        const words = items(e.value).map((item) => rewrite(text(item) ?? '').text);
        if (e.value.kind === 'seq') {
          const [form, ...rest] = words;
          if (form === 'NONE') disabled = true;
          commandText = form === 'CMD' || form === 'CMD-SHELL' ? rest.join(' ') : words.join(' ');
        } else {
          commandText = words.join(' ');
        }
        const http = commandText ? httpCheck(commandText) : undefined;
        if (http) {
          info.http = true;
          info.health.path = http.path;
          info.port = http.port;
          session.map(keyPath);
        } else if (!disabled) {
          defer(
            'manual-step',
            keyPath,
            e.value.span,
            `The check \`${shorten(commandText ?? '')}\` is a command; Convox checks health with an HTTP GET on the service port (path / unless \`health:\` names one). Write the path your app answers with 200-399 as \`health:\`.`,
          );
        } else {
          session.map(keyPath);
        }
        break;
      }
      case 'disable':
        if (composeBoolean(e.value)) disabled = true;
        session.map(keyPath);
        break;
      case 'interval':
      case 'timeout':
      case 'start_period':
        timings.push(e);
        break;
      case 'retries':
        defer('dropped', keyPath, e.value.span, 'retries has no equivalent: Convox takes a process out of rotation after 3 failed checks (fixed).');
        break;
      case 'start_interval':
        defer('dropped', keyPath, e.value.span, 'start_interval has no equivalent: Convox checks at health.interval from the start (after health.grace).');
        break;
      default:
        if (e.key.startsWith('x-')) session.map(keyPath);
        else defer('dropped', keyPath, e.keySpan, `Unknown healthcheck key ${e.key}: not converted.`);
    }
  }
  for (const e of timings) {
    const keyPath = child(path, e.key);
    const key = e.key === 'start_period' ? 'grace' : (e.key as 'interval' | 'timeout');
    const seconds = composeDurationSeconds(rewrite(text(e.value) ?? '').text);
    if (disabled || !info.http) {
      // The timings of a command check would apply to Convox's probe of `/`, which is not what the command checked.
      defer('dropped', keyPath, e.value.span, `${e.key} belongs to a check Convox cannot run: not converted.`);
    } else if (seconds === undefined) {
      defer('dropped', keyPath, e.value.span, `${e.key} ${JSON.stringify(text(e.value) ?? '')} is not a duration Convox can use; health.${key} keeps its default.`);
    } else {
      info.health[key] = Math.max(1, seconds);
      session.map(keyPath);
    }
  }
  if (disabled) info.health = { disable: true };
  return info;
}

/** A command on one line, cut to a readable length for a message. */
export function shorten(command: string, max = 80): string {
  const line = command.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 3).trimEnd()}...` : line;
}
