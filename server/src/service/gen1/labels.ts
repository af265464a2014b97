import type { Check, CheckContext } from '../diagnostics/rule';
import { atoi, atoiError, Gen1Label, Gen1Service, gen1Manifest, serviceLabels, servicePorts } from './model';

const CRON_NAME = /^[a-zA-Z][-a-zA-Z0-9]{3,29}$/;

/** Numeric labels `Manifest.Validate` checks (by prefix, as Convox does), with their ranges and messages. */
const RANGES: { prefix: string; min: number; max: number; message: (service: string) => string }[] = [
  { prefix: 'convox.health.interval', min: 5, max: 300, message: (s) => `convox.health.interval is invalid for ${s}, must be a number between 5 and 300` },
  { prefix: 'convox.health.timeout', min: 0, max: 60, message: (s) => `convox.health.timeout is invalid for ${s}, must be a number between 0 and 60` },
  { prefix: 'convox.health.threshold.healthy', min: 2, max: 10, message: (s) => `convox.health.threshold.healthy is invalid for ${s}, must be a number between 2 and 10` },
  { prefix: 'convox.health.threshold.unhealthy', min: 2, max: 10, message: (s) => `convox.health.threshold.unhealthy is invalid for ${s}, must be a number between 2 and 10` },
  { prefix: 'convox.draining.timeout', min: 1, max: 3600, message: (s) => `convox.draining.timeout for ${s} must be between 1 and 3600` },
];

const PROTOCOLS = new Set(['http', 'https', 'tcp', 'tls']);

/** The `convox.*` labels of Gen1 services (`manifest.go` `Validate`, `balancer.go`, `provider/aws/helpers.go`). */
export const labels: Check = {
  rules: [{ code: 'gen1-labels', severity: 'error', title: 'A convox.* label Convox Gen1 rejects (range, format, duplicate) or ignores' }],
  run(context) {
    const { document } = context;
    for (const service of gen1Manifest(document).services) {
      const parsed = serviceLabels(document, service);
      for (const problem of parsed.problems) if (problem.code === 'gen1-labels') context.report(problem);
      for (const label of parsed.byKey.values()) {
        if (label.dynamic) continue;
        checkLabel(context, service, label, parsed.byKey);
      }
    }
  },
};

function checkLabel(context: CheckContext, service: Gen1Service, label: Gen1Label, all: Map<string, Gen1Label>): void {
  const { document } = context;
  const { key, value } = label;
  const report = (location: Gen1Label['keyLocation'], message: string, severity?: 'warning') =>
    context.report({ code: 'gen1-labels', location, message, ...(severity ? { severity } : {}) });

  if (key.startsWith('convox.cron')) {
    checkCron(label, report);
    return;
  }
  for (const range of RANGES) {
    if (!key.startsWith(range.prefix)) continue;
    const number = atoi(value);
    if (number === undefined || number < range.min || number > range.max) {
      report(label.valueLocation, `${range.message(service.name)}. Use a whole number from ${range.min} to ${range.max}${value === '' ? '' : ` instead of "${value}"`}.`);
    }
  }
  const ports = servicePorts(document, service);
  const portsKnown = ports !== undefined && ports.every((port) => !port.dynamic);
  if (key === 'convox.health.port') {
    const number = atoi(value);
    if (number === undefined) {
      report(label.valueLocation, `${atoiError(value)}: convox.health.port must be one of the service's container ports.`);
    } else if (portsKnown && !ports!.some((port) => port.container === number)) {
      const declared = ports!.filter((port) => port.container !== undefined).map((port) => port.container);
      report(
        label.valueLocation,
        `${service.name} service has convox.health.port set to a port it does not declare. Use a container port from ports${declared.length ? ` (${[...new Set(declared)].join(', ')})` : ' (it has none)'}.`,
      );
    }
  }
  if (key === 'convox.idle.timeout' && value !== '') {
    const hasBalancer = all.get('convox.balancer')?.value !== 'false' && (ports ?? []).some((port) => port.protocol === 'tcp');
    const number = atoi(value);
    if (hasBalancer && (number === undefined || number < 1 || number > 3600)) {
      report(label.valueLocation, `${number === undefined ? `${atoiError(value)}: ` : ''}convox.idle.timeout must be between 1 and 3600 (seconds). Convox fails when it renders the app's template.`);
    }
  }
  if (key === 'convox.start.shift' && atoi(value) === undefined) {
    report(label.valueLocation, `invalid shift: ${value}. convox start fails on this label; use a whole number of ports to shift by.`);
  }
  const portLabel = /^convox\.port\.(\d+)\.(protocol|proxy|secure)$/.exec(key);
  if (portLabel) {
    const balancer = Number(portLabel[1]);
    if (portLabel[2] === 'protocol' && !PROTOCOLS.has(value)) {
      report(label.valueLocation, `Convox Gen1 knows the protocols http, https, tcp and tls (lowercase); with "${value}" the load balancer listens with tcp.`, 'warning');
    }
    if (portsKnown && !ports!.some((port) => port.balancer === balancer)) {
      report(
        label.keyLocation,
        `${key} has no effect: ${service.name} has no load balancer port ${balancer}. In convox.port.<N>.*, N is the balancer port (the left side of "${balancer}:<container port>" in ports).`,
        'warning',
      );
    }
  }
}

function checkCron(label: Gen1Label, report: (location: Gen1Label['keyLocation'], message: string) => void): void {
  const parts = label.key.split('.');
  if (parts.length !== 3) {
    report(label.keyLocation, `Cron task is not valid (must be in format convox.cron.myjob). Name the job with a single word after convox.cron., e.g. convox.cron.${parts.slice(2).join('-') || 'myjob'}.`);
  }
  if (parts.length >= 3 && !CRON_NAME.test(parts[2])) {
    report(
      label.keyLocation,
      `Cron task ${parts[2]} is not valid (cron names can contain only alphanumeric characters, dashes and must be between 4 and 30 characters). Rename the job.`,
    );
  }
  const fields = label.value.trim().split(/\s+/).filter(Boolean);
  if (fields.length < 5) {
    report(
      label.valueLocation,
      `${label.key} needs "<minute> <hour> <day-of-month> <month> <day-of-week> <command>"; Convox fails on a schedule with fewer than 5 fields (this one has ${fields.length}). E.g. "0 3 * * ? bin/job".`,
    );
    return;
  }
  const [dom, dow] = [fields[2], fields[4]];
  if ((dom === '?') === (dow === '?')) {
    report(
      label.valueLocation,
      `AWS rejects the schedule cron(${fields.slice(0, 5).join(' ')} *): exactly one of day-of-month ("${dom}") and day-of-week ("${dow}") must be "?". E.g. "${fields.slice(0, 2).join(' ')} * * ? ${fields.slice(5).join(' ')}".`,
    );
  }
}
