import { isMap, isScalar, isSeq, Node, Scalar } from 'yaml';
import type { Check, CheckContext } from '../diagnostics/rule';
import {
  childVia,
  entriesOf,
  Gen1Entry,
  gen1Manifest,
  goFormat,
  GoKind,
  goKind,
  goString,
  itemLocation,
  itemsOf,
  keyLocation,
  serviceLabels,
  textOf,
  typeError,
  valueLocation,
} from './model';

const STRING_FIELDS: Record<string, string> = {
  dockerfile: 'Write the Dockerfile path as a string.',
  entrypoint: 'Convox Gen1 reads entrypoint only as one string (not the list form), e.g. entrypoint: /docker-entrypoint.sh',
  image: 'Write the image as a string, e.g. image: postgres:16.',
};
const LIST_FIELDS: Record<string, string> = {
  extra_hosts: 'Write extra_hosts as a list of "host:ip" strings.',
  links: 'Write links as a list of service names.',
  volumes: 'Write volumes as a list of strings, e.g. - /var/lib/data',
};
/** Go's `%T` of what yaml.v2 decodes into `interface{}`. */
const GO_TYPES: Record<GoKind, string> = { null: '<nil>', bool: 'bool', int: 'int', float: 'float64', str: 'string', map: 'map[interface {}]interface {}', seq: '[]interface {}' };

/**
 * Values of the wrong type: yaml.v2 type errors and the custom unmarshalers of `pkg/manifest1/yaml.go` (build,
 * command, environment, labels), which reject some forms docker-compose accepts.
 */
export const types: Check = {
  rules: [{ code: 'gen1-types', severity: 'error', title: 'A Gen1 value of a type Convox cannot read (command, environment, build, labels, ...)' }],
  run(context) {
    const { document } = context;
    const manifest = gen1Manifest(document);
    if (manifest.format === '2') {
      const services = manifest.topLevel.find((entry) => entry.key === 'services');
      if (services && !isMap(services.value) && goKind(services.value) !== 'null') {
        report(context, valueLocation(document, services), `error loading manifest: ${typeError(services.value, 'map[string]manifest1.Service')}. services is a map of service names to their settings.`);
      }
      const networks = manifest.topLevel.find((entry) => entry.key === 'networks');
      if (networks) checkNetworks(context, networks);
    }
    for (const service of manifest.services) {
      const { entry } = service;
      if (entry.value && !isMap(entry.value) && goKind(entry.value) !== 'null') {
        report(context, valueLocation(document, entry), `error loading manifest: ${typeError(entry.value, 'manifest1.Service')}. A service is a map of settings (image, build, ports, ...).`);
        continue;
      }
      for (const item of service.fields) {
        if (isDynamic(item.value)) continue;
        const kind = goKind(item.value);
        if (kind === 'null') continue;
        const where = valueLocation(document, item);
        if (item.key in STRING_FIELDS && (kind === 'map' || kind === 'seq')) {
          report(context, where, `error loading manifest: ${typeError(item.value, 'string')}. ${STRING_FIELDS[item.key]}`);
        } else if (item.key in LIST_FIELDS) {
          checkStringList(context, item, LIST_FIELDS[item.key]);
        } else if (item.key === 'privileged' && kind !== 'bool') {
          report(context, where, `error loading manifest: ${typeError(item.value, 'bool')}. Write privileged: true or false, without quotes.`);
        } else if (item.key === 'cpu_shares' && kind !== 'int' && kind !== 'float') {
          report(context, where, `error loading manifest: ${typeError(item.value, 'int64')}. Write cpu_shares as a number without quotes, e.g. 512.`);
        } else if (item.key === 'build') {
          checkBuild(context, item);
        } else if (item.key === 'command') {
          checkCommand(context, item);
        } else if (item.key === 'environment') {
          checkEnvironment(context, item);
        }
      }
      for (const problem of serviceLabels(document, service).problems) if (problem.code === 'gen1-types') context.report(problem);
    }
  },
};

function report(context: CheckContext, location: { start: number; end: number }, message: string): void {
  context.report({ code: 'gen1-types', location, message });
}

/** A plain scalar that refers to a variable: its type is only known after Convox interpolates it. */
function isDynamic(node: Node | null): boolean {
  return isScalar(node) && (node as Scalar).type === 'PLAIN' && textOf(node).dynamic;
}

function checkStringList(context: CheckContext, entry: Gen1Entry, fix: string): void {
  const { document } = context;
  if (!isSeq(entry.value)) {
    report(context, valueLocation(document, entry), `error loading manifest: ${typeError(entry.value, '[]string')}. ${fix}`);
    return;
  }
  for (const item of itemsOf(document, entry.value, childVia(entry))) {
    const kind = goKind(item.value);
    if (kind === 'map' || kind === 'seq') report(context, itemLocation(document, item), `error loading manifest: ${typeError(item.value, 'string')}. ${fix}`);
  }
}

function checkBuild(context: CheckContext, entry: Gen1Entry): void {
  const { document } = context;
  const kind = goKind(entry.value);
  if (kind === 'str') return;
  if (kind !== 'map') {
    report(context, valueLocation(document, entry), `Failed to unmarshal Build: ${goFormat(document, entry.value)}. build is a path (build: .) or a map with context, dockerfile and args.`);
    return;
  }
  for (const inner of entriesOf(document, entry.value, childVia(entry))) {
    const innerKind = goKind(inner.value);
    if ((inner.key === 'context' || inner.key === 'dockerfile') && innerKind !== 'str' && !isDynamic(inner.value)) {
      report(
        context,
        valueLocation(document, inner),
        `build.${inner.key} must be a string: Convox Gen1 fails on ${innerKind === 'null' ? 'an empty value' : `a ${GO_TYPES[innerKind]}`} (interface conversion: interface {} is ${GO_TYPES[innerKind]}, not string). ${inner.key === 'context' ? 'Write the folder, e.g. context: .' : 'Write the path, e.g. dockerfile: Dockerfile'}`,
      );
    }
    if (inner.key === 'args') checkPairs(context, inner, 'args');
  }
}

function checkCommand(context: CheckContext, entry: Gen1Entry): void {
  const { document } = context;
  const kind = goKind(entry.value);
  if (kind === 'str') return;
  if (kind === 'seq') {
    const list = goFormat(document, entry.value);
    for (const item of itemsOf(document, entry.value, childVia(entry))) {
      if (goKind(item.value) === 'str' || isDynamic(item.value)) continue;
      report(context, itemLocation(document, item), `unknown type in command array: ${list}. Every element of the command list must be a string: quote it (e.g. "${goString(item.value)}").`);
    }
    return;
  }
  report(context, valueLocation(document, entry), `cannot parse command: %!s(${GO_TYPES[kind]}=${goFormat(document, entry.value)}). Write the command as a string or a list of strings.`);
}

function checkEnvironment(context: CheckContext, entry: Gen1Entry): void {
  const kind = goKind(entry.value);
  if (kind === 'map' || kind === 'seq') {
    checkPairs(context, entry, 'environment');
    return;
  }
  report(context, valueLocation(context.document, entry), `cannot parse environment: ${goFormat(context.document, entry.value)}. Write environment as a list of NAME=value strings or a map of NAME: value.`);
}

/** `environment` and `build.args`: a map of string/int to string/int, or a list of strings. */
function checkPairs(context: CheckContext, entry: Gen1Entry, what: 'environment' | 'args'): void {
  const { document } = context;
  const kind = goKind(entry.value);
  if (kind === 'map') {
    for (const pair of entriesOf(document, entry.value, childVia(entry))) {
      const keyKind = goKind(pair.keyNode);
      if (keyKind !== 'str' && keyKind !== 'int') {
        report(context, keyLocation(document, pair), `unknown type in environment map: ${pair.key}. Quote the name.`);
        continue;
      }
      const valueKind = goKind(pair.value);
      if (valueKind === 'str' || valueKind === 'int' || isDynamic(pair.value)) continue;
      const problem =
        valueKind === 'null'
          ? `it has no value. To require the variable without a default, use the list form (- ${pair.key}); for an empty value write ${pair.key}: ""`
          : `Convox Gen1 accepts only strings and integers here; quote the value (${pair.key}: "${goString(pair.value) || goFormat(document, pair.value)}")`;
      report(context, valueLocation(document, pair), `unknown type in environment map: ${pair.key} (${what}): ${problem}.`);
    }
    return;
  }
  if (kind === 'seq') {
    const list = goFormat(document, entry.value);
    for (const item of itemsOf(document, entry.value, childVia(entry))) {
      if (goKind(item.value) === 'str' || isDynamic(item.value)) continue;
      report(context, itemLocation(document, item), `unknown type in environment list: ${list} (${what}). Each entry must be a NAME=value string; quote it.`);
    }
    return;
  }
  if (what === 'args') {
    report(context, valueLocation(document, entry), `unknown type for args: ${GO_TYPES[kind]}. Write build args as a map (NAME: value) or a list of NAME=value strings.`);
  }
}

function checkNetworks(context: CheckContext, networks: Gen1Entry): void {
  const { document } = context;
  const fix = 'Convox Gen1 reads top-level networks only as <network>: {external: {name: <name>}} (used by convox start); remove the other settings.';
  if (goKind(networks.value) === 'null') return;
  if (!isMap(networks.value)) {
    report(context, valueLocation(document, networks), `error loading manifest: ${typeError(networks.value, 'manifest1.Networks')}. ${fix}`);
    return;
  }
  for (const network of entriesOf(document, networks.value, childVia(networks))) {
    if (goKind(network.value) === 'null') continue;
    if (!isMap(network.value)) {
      report(context, valueLocation(document, network), `error loading manifest: ${typeError(network.value, 'manifest1.InternalNetwork')}. ${fix}`);
      continue;
    }
    for (const setting of entriesOf(document, network.value, childVia(network))) {
      if (goKind(setting.value) === 'null') continue;
      if (!isMap(setting.value)) {
        report(context, valueLocation(document, setting), `error loading manifest: ${typeError(setting.value, 'manifest1.ExternalNetwork')}. ${fix}`);
        continue;
      }
      const name = entriesOf(document, setting.value, childVia(setting)).find((entry) => entry.key === 'name');
      if (name && (isMap(name.value) || isSeq(name.value))) report(context, valueLocation(document, name), `error loading manifest: ${typeError(name.value, 'string')}. ${fix}`);
    }
  }
}
