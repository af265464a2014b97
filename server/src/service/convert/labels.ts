import type { OutService } from './manifest';
import type { PortHints } from './ports';
import { child, Session } from './session';
import { CValue, items, Span, text } from './tree';
import { rewrite } from './values';

/**
 * `labels:` of a compose service. Gen1 `convox.*` labels (spec §13.3) become their convox.yml keys; other labels
 * become Kubernetes labels when Kubernetes accepts them.
 */

export interface Label {
  key: string;
  value: string;
  span: Span;
  path: string;
}

export interface Gen1Settings extends PortHints {
  healthPath?: string;
  healthTimeout?: number;
  healthInterval?: number;
  agent: boolean;
  crons: { name: string; schedule: string; command: string; label: Label }[];
  /** Labels whose effect depends on the port chosen later (health.*). */
  healthLabels: Label[];
  /** The container port Traefik routes HTTP to (`traefik.port`, `traefik.http.services.<s>.loadbalancer.server.port`). */
  traefikPort?: { port: number; label: Label };
  /** Host names of Traefik routing rules (`Host:a.com`, ``Host(`a.com`)``). */
  traefikHosts: { hosts: string[]; label: Label }[];
}

export function readLabels(value: CValue | undefined, path: string): Label[] {
  const labels: Label[] = [];
  if (value?.kind === 'map') {
    for (const e of value.entries) labels.push({ key: e.key, value: text(e.value) ?? '', span: e.keySpan, path: child(path, e.key) });
  } else {
    items(value).forEach((item, index) => {
      const raw = text(item);
      if (raw === undefined) return;
      const eq = raw.indexOf('=');
      labels.push({ key: eq >= 0 ? raw.slice(0, eq) : raw, value: eq >= 0 ? raw.slice(eq + 1) : '', span: item.span, path: child(path, index) });
    });
  }
  return labels;
}

const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const RESERVED = new Set(['system', 'rack', 'app', 'name', 'service', 'release', 'type']);

export function kubernetesLabelProblem(key: string, value: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (RESERVED.has(key)) return `${key} is a label Convox sets itself`;
  if (name.length > 63 || !LABEL_NAME.test(name) || (prefix !== undefined && (prefix.length > 253 || !LABEL_PREFIX.test(prefix)))) return `${JSON.stringify(key)} is not a valid Kubernetes label key`;
  if (value.length > 63 || !LABEL_VALUE.test(value)) return `${JSON.stringify(value)} is not a valid Kubernetes label value (at most 63 letters, digits, "-", "_" or "." )`;
  return undefined;
}

const CRON_NAME = /^[a-zA-Z][-a-zA-Z0-9]{3,29}$/;

/** Applies the labels to `out`; returns the Gen1 settings that depend on other keys (ports, health). */
export function convertLabels(session: Session, out: OutService, labels: Label[]): Gen1Settings {
  const settings: Gen1Settings = { protocols: new Map(), secure: new Set(), noBalancer: false, agent: false, crons: [], healthLabels: [], traefikHosts: [] };
  const byKey = new Map<string, Label>();
  for (const label of labels) {
    const previous = byKey.get(label.key);
    if (previous) session.note('dropped', previous.path, previous.span, `The label ${label.key} is set again later; the last value (${JSON.stringify(label.value)}) is used (Gen1 Convox rejects duplicated labels).`);
    byKey.set(label.key, label);
  }
  for (const label of byKey.values()) {
    const { key } = label;
    const value = rewrite(label.value).text.trim();
    const int = /^\d+$/.test(value) ? Number(value) : undefined;
    const mapped = () => session.map(label.path);
    const notNumber = () => session.note('dropped', label.path, label.span, `${key}=${value} is not a whole number: not converted.`);
    const port = /^convox\.port\.(\d+)\.(protocol|secure|proxy)$/.exec(key);
    if (port) {
      const published = Number(port[1]);
      if (port[2] === 'protocol') {
        settings.protocols.set(published, value.toLowerCase());
        if (['tcp', 'tls'].includes(value.toLowerCase())) {
          session.note('converted-approximately', label.path, label.span, `The ${value} listener on ${published} has no direct equivalent: Convox's load balancer serves HTTP and HTTPS (TLS terminated on 443) for \`port\`; a raw TCP port needs a \`balancers:\` entry (v3).`);
        } else mapped();
      } else if (port[2] === 'secure') {
        if (value === 'true') settings.secure.add(published);
        mapped();
      } else {
        session.note('dropped', label.path, label.span, 'The PROXY protocol (convox.port.<n>.proxy) has no equivalent: Convox passes the client address in X-Forwarded-For.');
      }
      continue;
    }
    switch (key) {
      case 'convox.agent':
      case 'convox.daemon':
        settings.agent = true;
        mapped();
        continue;
      case 'convox.balancer':
        if (value === 'false') settings.noBalancer = true;
        mapped();
        continue;
      case 'convox.health.path':
        settings.healthPath = value;
        settings.healthLabels.push(label);
        continue;
      case 'convox.health.port':
        if (int !== undefined) settings.healthPort = int;
        settings.healthLabels.push(label);
        continue;
      case 'convox.health.timeout':
        if (int !== undefined) settings.healthTimeout = int;
        settings.healthLabels.push(label);
        continue;
      case 'convox.health.interval':
        if (int !== undefined) settings.healthInterval = int;
        settings.healthLabels.push(label);
        continue;
      case 'convox.health.threshold.healthy':
      case 'convox.health.threshold.unhealthy':
        session.note('dropped', label.path, label.span, `${key} has no equivalent: Convox's thresholds are fixed (3 failures take a process out of rotation).`);
        continue;
      case 'convox.deployment.minimum':
      case 'convox.deployment.maximum':
        if (int === undefined) {
          notNumber();
          continue;
        }
        out.deployment = { ...out.deployment, [key.endsWith('minimum') ? 'minimum' : 'maximum']: int };
        mapped();
        continue;
      case 'convox.draining.timeout':
        if (int === undefined) {
          notNumber();
          continue;
        }
        out.drain = int;
        session.note('converted-approximately', label.path, label.span, 'Written as drain (v2 racks); v3 racks ignore drain and give a stopping process termination.grace seconds (default 30).');
        continue;
      case 'convox.idle.timeout':
        if (int === undefined) {
          notNumber();
          continue;
        }
        out.timeout = int;
        mapped();
        continue;
      case 'convox.environment.secure':
        session.note('dropped', label.path, label.span, 'Not needed: Convox keeps environment values out of the task definition (v2) and in Kubernetes secrets (v3).');
        continue;
      case 'convox.start.shift':
        session.note('dropped', label.path, label.span, 'convox.start.shift only moved ports for `convox start` on Gen1; it has no convox.yml equivalent.');
        continue;
      case 'convox.balancer.name':
        session.note('dropped', label.path, label.span, 'Convox names its load balancers itself.');
        continue;
    }
    const cron = /^convox\.cron\.(.*)$/.exec(key);
    if (cron) {
      const fields = value.split(/\s+/);
      if (fields.length < 6 || !CRON_NAME.test(cron[1])) {
        session.note('manual-step', label.path, label.span, `The cron label ${key}=${value} is not a Gen1 cron task (convox.cron.<name>=<5 fields> <command>): write the timer by hand.`);
      } else {
        settings.crons.push({ name: cron[1], schedule: fields.slice(0, 5).join(' '), command: fields.slice(5).join(' '), label });
      }
      continue;
    }
    if (key.startsWith('convox.')) {
      session.note('dropped', label.path, label.span, `Unknown Convox label ${key}: not converted.`);
      continue;
    }
    if (/^traefik\.(port|http\.services\.[^.]+\.loadbalancer\.server\.port)$/.test(key) && int !== undefined) {
      settings.traefikPort = { port: int, label };
      continue;
    }
    if (/^traefik\.(frontend\.rule|http\.routers\.[^.]+\.rule)$/.test(key)) {
      const hosts = traefikHosts(value);
      if (hosts.length) {
        settings.traefikHosts.push({ hosts, label });
        continue;
      }
    }
    if (key.startsWith('traefik.') || key.startsWith('kompose.') || key.startsWith('com.docker.')) {
      const tool = key.startsWith('traefik.') ? "Traefik's routing: Convox's load balancer routes to `port` (and `domain`)" : key.startsWith('kompose.') ? 'Kompose' : 'Docker';
      session.note('dropped', label.path, label.span, `The label is for ${tool}; not converted.`);
      continue;
    }
    const problem = kubernetesLabelProblem(key, value);
    if (problem) {
      session.note('dropped', label.path, label.span, `The label is not converted: ${problem}. Kubernetes would reject the release; put the information in \`annotations\` if you need it.`);
      continue;
    }
    out.labels.set(key, value);
    mapped();
  }
  return settings;
}

/** Host names in a Traefik rule: v1 `Host:a.com,b.com`, v2 ``Host(`a.com`, `b.com`) || Host(`c.com`)``. */
export function traefikHosts(rule: string): string[] {
  const hosts: string[] = [];
  const v1 = /^Host:\s*([^;]+)/.exec(rule);
  if (v1) hosts.push(...v1[1].split(',').map((h) => h.trim()));
  for (const match of rule.matchAll(/Host\(([^)]*)\)/g)) hosts.push(...[...match[1].matchAll(/`([^`]+)`/g)].map((m) => m[1]));
  return [...new Set(hosts.filter((h) => /^[*A-Za-z0-9.-]+$/.test(h)))];
}
