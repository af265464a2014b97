import type { Check, CheckContext, Location } from '../diagnostics/rule';
import type { Plain } from '../yaml/toPlain';
import { parseGoUrl } from './goParsers';
import { asInt, firstLocation, isInterpolated, isMap, keyLocation, Path, PlainMap, schemaReports, services, valueLocation } from './support';

const NAME = /^[a-z][a-z0-9-]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const MODES = ['cpu', 'memory', 'gpuUtilization', 'queueDepth'] as const;
const DEFAULT_CPU = 250;
const DEFAULT_MEMORY = 512;

/**
 * Convox's scale rules (v3 validate.go validateServiceScale, and the limit checks of manifest.go ApplyDefaults),
 * judged on the effective count Convox computes from `count`, `min`, `max` and `autoscale`.
 */
export const scale: Check = {
  rules: [{ code: 'invalid-scale', severity: 'error', title: 'A scale, autoscale or resource limit setting Convox rejects' }],
  run(context) {
    if (context.settings.target !== 'v3') return;
    for (const [name, body] of services(context.document)) {
      if (body && isMap(body.scale)) checkScaleMap(context, name, body, body.scale);
      else if (body) checkScaleShorthand(context, name, body.scale);
    }
  },
};

interface Bound {
  value: number;
  /**
   * Where the value was written, below the service's `scale` (empty for `scale: 3`); undefined when it is a Convox
   * default. Relative, and made into a path only for what is reported: this runs for every service on every keystroke.
   */
  at?: readonly string[];
}

const AT_COUNT = ['count'];
const AT_MIN = ['min'];
const AT_MAX = ['max'];
const ZERO: Bound = { value: 0 };
const ONE: Bound = { value: 1 };
const TEN: Bound = { value: 10 };

type Count = { min: Bound; max: Bound } | undefined;

/** `scale: 3` / `scale: "1-5"`: only the count; min > max is the one thing to check. */
function checkScaleShorthand(context: CheckContext, service: string, value: Plain | undefined): void {
  const count = parseCount(value, []);
  if (count) checkEffectiveCount(context, service, count.min, count.max);
}

function checkScaleMap(context: CheckContext, service: string, body: PlainMap, scale: PlainMap): void {
  checkLimits(context, service, scale);

  const autoscale = isMap(scale.autoscale) ? scale.autoscale : undefined;
  const autoscaleOn = autoscale !== undefined && autoscaleEnabled(autoscale);
  const keda = isMap(scale.keda) ? scale.keda : undefined;
  const kedaTriggers = keda ? keda[ciKey(keda, 'triggers') ?? 'triggers'] : undefined;
  const kedaOn = Array.isArray(kedaTriggers) && kedaTriggers.length > 0;
  // Convox only prints a warning for agents with autoscale/keda and ignores that configuration.
  if (body.agent === true && (autoscaleOn || kedaOn)) return;

  const count = effectiveCount(scale, autoscaleOn);
  if (count) checkEffectiveCount(context, service, count.min, count.max);
  if (!autoscale || !autoscaleOn) return;

  const autoscalePath = ['services', service, 'scale', 'autoscale'];
  if (count) {
    const { min, max } = count;
    const maxLocation = () => locationOf(context, service, max) ?? keyLocation(context.document, autoscalePath);
    const belowOne = max.value < 1 && !reportedBySchema(context, service, max) ? maxLocation() : undefined;
    if (belowOne) report(context, belowOne, `service ${service}: scale.max must be >= 1 when autoscale is enabled. Set scale.max to 1 or more.`);
    const noRange = max.value === min.value && max.value >= 1 ? maxLocation() : undefined;
    if (noRange) {
      report(
        context,
        noRange,
        `service ${service}: scale.max must be > scale.min when autoscale is enabled (ScaledObject would be a no-op). Raise scale.max above ${min.value}, or remove scale.autoscale to run a fixed count.`,
      );
    }
  }

  const modes = new Map<string, { key: string; value: PlainMap }>();
  for (const mode of MODES) {
    const key = ciKey(autoscale, mode);
    const value = key === undefined ? undefined : autoscale[key];
    if (key !== undefined && isMap(value)) modes.set(mode, { key, value });
  }

  for (const [mode, { key, value }] of modes) {
    const modePath = [...autoscalePath, key];
    const thresholdKey = ciKey(value, 'threshold');
    const threshold = thresholdKey === undefined ? 0 : value[thresholdKey];
    const thresholdPath = thresholdKey === undefined ? modePath : [...modePath, thresholdKey];
    if (typeof threshold === 'number' && !schemaReports(context, thresholdPath) && !(thresholdKey === undefined && schemaReports(context, [...modePath, 'threshold']))) {
      const invalid = Number.isNaN(threshold) || threshold <= 0 || (mode !== 'queueDepth' && threshold > 100);
      const location = thresholdKey === undefined ? keyLocation(context.document, modePath) : valueLocation(context.document, thresholdPath);
      if (invalid && location) {
        const rule =
          mode === 'queueDepth' ? 'must be > 0. Write the queue depth per replica, e.g. 5.'
          : mode === 'gpuUtilization' ? 'must be > 0 and <= 100. Write a percentage such as 70.'
          : 'must be between 1 and 100. Write a percentage such as 70.';
        report(context, location, `service ${service}: scale.autoscale.${mode}.threshold ${rule}`);
      }
    }
    if (mode === 'gpuUtilization' && gpuCount(scale) === 0) {
      const location = keyLocation(context.document, modePath);
      if (location) {
        report(context, location, `service ${service}: scale.autoscale.gpuUtilization requires scale.gpu.count >= 1. Add \`gpu: 1\` under scale, or scale on cpu, memory or queueDepth instead.`);
      }
    }
    checkPrometheus(context, service, mode, modePath, value);
  }

  const customKey = ciKey(autoscale, 'custom');
  const custom = customKey === undefined ? undefined : autoscale[customKey];
  if (Array.isArray(custom)) {
    custom.forEach((trigger, index) => {
      if (isMap(trigger)) checkCustomTrigger(context, service, [...autoscalePath, customKey!, index], index, trigger);
    });
  }

  if (count && count.min.value === 0 && !canScaleToZero(modes, Array.isArray(custom) ? custom : [])) {
    const location = locationOf(context, service, count.min) ?? keyLocation(context.document, autoscalePath);
    const defaulted = count.min.at ? '' : ' (scale.min is 0 because autoscale is set without count or min)';
    if (location) {
      report(
        context,
        location,
        `service ${service}: scale.min: 0 combined with only always-active autoscale triggers (cpu/memory/cron) will never scale to zero; ` +
          `KEDA's cpu/memory/cron scalers are always active. Add scale.autoscale.queueDepth, scale.autoscale.gpuUtilization, ` +
          `or a scale.autoscale.custom[] prometheus/external trigger, or raise scale.min to 1.${defaulted}`,
      );
    }
  }
}

/** Effective-count rules every service gets (with or without autoscale). */
function checkEffectiveCount(context: CheckContext, service: string, min: Bound, max: Bound): void {
  // Locations are looked up only for what is reported: this runs for every service on every keystroke.
  if (min.value < 0 && !reportedBySchema(context, service, min)) {
    const location = locationOf(context, service, min);
    if (location) report(context, location, `service ${service}: scale.min must be >= 0. Write 0 or more replicas.`);
  }
  if (max.value < 0 && !reportedBySchema(context, service, max)) {
    const location = locationOf(context, service, max);
    if (location) report(context, location, `service ${service}: scale.max must be >= 0. Write 0 or more replicas.`);
  }
  if (max.value < min.value && max.value >= 0) {
    const location = firstLocation(locationOf(context, service, max), locationOf(context, service, min));
    if (location) report(context, location, `service ${service}: scale.max must be >= scale.min. Raise scale.max to at least ${min.value} or lower scale.min.`);
  }
}

/** The count Convox ends up with (manifest.go ApplyDefaults), with where each bound came from. */
function effectiveCount(scale: PlainMap, autoscaleOn: boolean): Count {
  const countPresent = Object.prototype.hasOwnProperty.call(scale, 'count');
  let min = ZERO;
  let max = ZERO;
  if (countPresent && scale.count !== null) {
    const count = parseCount(scale.count, AT_COUNT);
    if (!count) return undefined; // a count Convox cannot load: the schema reports it
    ({ min, max } = count);
  }
  const minValue = asInt(scale.min);
  const maxValue = asInt(scale.max);
  const minBound: Bound | undefined = minValue === undefined ? undefined : { value: minValue, at: AT_MIN };
  const maxBound: Bound | undefined = maxValue === undefined ? undefined : { value: maxValue, at: AT_MAX };
  if (minBound && maxBound) {
    min = minBound;
    max = maxBound;
  } else if (minBound) {
    min = minBound;
    if (!autoscaleOn) max = minBound;
    else if (max.value === 0) max = TEN;
  } else if (maxBound) {
    max = maxBound;
    if (min.value === 0 && !autoscaleOn) min = maxBound;
  }
  if (autoscaleOn && max.value === 0) max = TEN;
  if (!countPresent && !autoscaleOn && !minBound && !maxBound && Object.keys(scale).length > 0) {
    return { min: ONE, max: ONE }; // other scale keys without a count: 1/1
  }
  return { min, max };
}

/** `3`, `"3"`, `"1-5"` or `{min, max}` (yaml.go ServiceScaleCount.UnmarshalYAML); undefined where Convox fails. */
function parseCount(value: Plain | undefined, at: readonly string[]): Count {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return undefined;
    const bound = { value, at };
    return { min: bound, max: bound };
  }
  if (typeof value === 'string') {
    if (isInterpolated(value)) return undefined;
    const parts = value.split('-');
    if (parts.length > 2 || !parts.every((part) => /^[+-]?[0-9]+$/.test(part))) return undefined;
    const [low, high] = parts.map(Number);
    return { min: { value: low, at }, max: { value: parts.length === 2 ? high : low, at } };
  }
  if (isMap(value)) {
    const bound = (key: string): Bound | undefined | null => {
      const raw = value[key];
      if (raw === undefined || raw === null) return ZERO;
      if (typeof raw === 'number') return Number.isInteger(raw) ? { value: raw, at: [...at, key] } : null;
      if (typeof raw === 'string' && /^[+-]?[0-9]+$/.test(raw)) return { value: Number(raw), at: [...at, key] };
      return null;
    };
    const min = bound('min');
    const max = bound('max');
    if (!min || !max) return undefined;
    return { min, max };
  }
  return undefined;
}

/** `IsEnabled`: any of cpu/memory/gpuUtilization/queueDepth set, or a non-empty custom list. */
function autoscaleEnabled(autoscale: PlainMap): boolean {
  for (const mode of MODES) {
    const key = ciKey(autoscale, mode);
    if (key !== undefined && autoscale[key] !== null && autoscale[key] !== undefined) return true;
  }
  const custom = ciKey(autoscale, 'custom');
  const list = custom === undefined ? undefined : autoscale[custom];
  return Array.isArray(list) && list.length > 0;
}

/** KEDA's cpu, memory and cron scalers are always active; anything else can take a service to zero. */
function canScaleToZero(modes: Map<string, unknown>, custom: Plain[]): boolean {
  if (modes.has('gpuUtilization') || modes.has('queueDepth')) return true;
  return custom.some((trigger) => {
    if (!isMap(trigger)) return false;
    const typeKey = ciKey(trigger, 'type');
    const type = typeKey === undefined ? '' : trigger[typeKey];
    const lowered = typeof type === 'string' ? type.toLowerCase() : '';
    return lowered !== 'cpu' && lowered !== 'memory' && lowered !== 'cron';
  });
}

function gpuCount(scale: PlainMap): number {
  const gpu = scale.gpu;
  if (typeof gpu === 'number') return Number.isInteger(gpu) ? gpu : 0;
  if (isMap(gpu)) return asInt(gpu.count) ?? 0;
  return 0;
}

function checkPrometheus(context: CheckContext, service: string, mode: string, modePath: Path, trigger: PlainMap): void {
  const urlKey = ciKey(trigger, 'prometheusUrl');
  const url = urlKey === undefined ? undefined : trigger[urlKey];
  if (typeof url === 'string' && url !== '' && !isInterpolated(url)) {
    const path = [...modePath, urlKey!];
    const parsed = parseGoUrl(url);
    const problem =
      'error' in parsed ? `is not a valid URL: ${parsed.error}`
      : parsed.scheme !== 'http' && parsed.scheme !== 'https' ? `must use http or https scheme, got ${JSON.stringify(parsed.scheme)}`
      : parsed.host === '' ? 'must include a host'
      : undefined;
    const location = valueLocation(context.document, path);
    if (problem && location && !schemaReports(context, path)) {
      report(context, location, `service ${service}: scale.autoscale.${mode}.prometheusUrl ${problem}. Write a full URL such as http://prometheus.monitoring:9090.`);
    }
  }
  const metricKey = ciKey(trigger, 'metricName');
  const metric = metricKey === undefined ? undefined : trigger[metricKey];
  if (typeof metric === 'string' && metric !== '' && !isInterpolated(metric) && !METRIC_NAME.test(metric)) {
    const path = [...modePath, metricKey!];
    const location = valueLocation(context.document, path);
    if (location && !schemaReports(context, path)) {
      report(
        context,
        location,
        `service ${service}: scale.autoscale.${mode}.metricName ${JSON.stringify(metric)} must match ${METRIC_NAME.source}. Use letters, digits, underscores and colons, not starting with a digit.`,
      );
    }
  }
}

function checkCustomTrigger(context: CheckContext, service: string, path: Path, index: number, trigger: PlainMap): void {
  const nameKey = ciKey(trigger, 'name');
  const name = nameKey === undefined ? undefined : trigger[nameKey];
  if (typeof name === 'string' && !isInterpolated(name)) {
    const namePath = [...path, nameKey!];
    const location = valueLocation(context.document, namePath);
    const schemaSaid = schemaReports(context, namePath);
    if (location && !schemaSaid && name !== '' && !NAME.test(name)) {
      report(
        context,
        location,
        `service ${service}: scale.autoscale.custom[${index}].name ${JSON.stringify(name)} invalid, must contain only lowercase alphanumeric and dashes. Rename the trigger.`,
      );
    }
    if (location && !schemaSaid && name.toLowerCase().startsWith('convox-')) {
      report(
        context,
        location,
        `service ${service}: scale.autoscale.custom[${index}].name: ${JSON.stringify(name)} uses reserved prefix 'convox-'. Rename the trigger: Convox names its own triggers convox-*.`,
      );
    }
  }
  const refKey = ciKey(trigger, 'authenticationRef');
  const ref = refKey === undefined ? undefined : trigger[refKey];
  if (isMap(ref)) {
    const kindKey = ciKey(ref, 'kind');
    if (kindKey !== undefined && ref[kindKey] === 'ClusterTriggerAuthentication') {
      const kindPath = [...path, refKey!, kindKey];
      const location = valueLocation(context.document, kindPath);
      if (location && !schemaReports(context, kindPath)) {
        report(
          context,
          location,
          `service ${service}: scale.autoscale.custom[${index}].authenticationRef.kind: ClusterTriggerAuthentication is not permitted. Use a TriggerAuthentication in the app's namespace (omit kind).`,
        );
      }
    }
  }
}

/** `cpu limit can not be less cpu request` and the memory twin (manifest.go ApplyDefaults, a load error). */
function checkLimits(context: CheckContext, service: string, scale: PlainMap): void {
  const limit = isMap(scale.limit) ? scale.limit : undefined;
  if (!limit) return;
  const gpu = gpuCount(scale) > 0;
  for (const [key, fallback, noun] of [
    ['cpu', DEFAULT_CPU, 'cpu'],
    ['memory', DEFAULT_MEMORY, 'memory'],
  ] as const) {
    const limitValue = asInt(limit[key]) ?? 0;
    if (limitValue <= 0) continue;
    const explicit = asInt(scale[key]);
    // Requests default to 250/512 (or to the limit) unless a GPU is requested; only an int is read.
    const request = explicit !== undefined && explicit !== 0 ? explicit : gpu ? 0 : limitValue || fallback;
    if (limitValue >= request) continue;
    const path = ['services', service, 'scale', 'limit', key];
    const location = valueLocation(context.document, path);
    if (!location || schemaReports(context, path)) continue;
    report(
      context,
      location,
      `${noun} limit can not be less ${noun} request (service ${service}: scale.limit.${key} ${limitValue} < scale.${key} ${request}). Raise scale.limit.${key} to at least ${request} or lower scale.${key}.`,
    );
  }
}

/** JSON decoding (sigs.k8s.io/yaml) matches keys case-insensitively, preferring an exact match. */
function ciKey(map: PlainMap, key: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(map, key)) return key;
  const lower = key.toLowerCase();
  return Object.keys(map).find((candidate) => candidate.toLowerCase() === lower);
}

/** The path of where a bound was written, or undefined for a default. */
function pathOf(service: string, bound: Bound): Path | undefined {
  return bound.at && ['services', service, 'scale', ...bound.at];
}

function locationOf(context: CheckContext, service: string, bound: Bound): Location | undefined {
  const path = pathOf(service, bound);
  return path && valueLocation(context.document, path);
}

function reportedBySchema(context: CheckContext, service: string, bound: Bound): boolean {
  const path = pathOf(service, bound);
  return path !== undefined && schemaReports(context, path);
}

function report(context: CheckContext, location: Location, message: string): void {
  context.report({ code: 'invalid-scale', location, message });
}
