import { envPrefix } from '../resourceEnv';
import { shellQuote } from '../text/shellQuote';
import type { ResourceType } from './datastores';
import { baseName } from './compose';
import { list } from './environment';
import { newManifest, newService, OutManifest, OutService, stringifyManifest } from './manifest';
import { Names } from './names';
import { child, Session } from './session';
import { CMap, CValue, get, items, loadYaml, Span, text } from './tree';
import type { ConversionResult, ProcfileOptions } from './types';

/**
 * A Heroku Procfile (and the app's app.json, when there is one) to convox.yml: every process type becomes a service
 * built from the app's Dockerfile, `web` gets a fixed port, `release` runs as the web service's initContainer,
 * app.json `env` becomes the app environment, its add-ons resources and its formation the scale.
 */

/** Heroku add-ons that are datastores Convox runs, with the resource name that injects the variable Heroku set. */
const ADDONS: Record<string, { type: ResourceType; name: string; variable: string; reads?: string }> = {
  'heroku-postgresql': { type: 'postgres', name: 'database', variable: 'DATABASE_URL' },
  'heroku-redis': { type: 'redis', name: 'redis', variable: 'REDIS_URL' },
  rediscloud: { type: 'redis', name: 'rediscloud', variable: 'REDISCLOUD_URL' },
  redistogo: { type: 'redis', name: 'redistogo', variable: 'REDISTOGO_URL' },
  openredis: { type: 'redis', name: 'openredis', variable: 'OPENREDIS_URL' },
  jawsdb: { type: 'mysql', name: 'jawsdb', variable: 'JAWSDB_URL' },
  'jawsdb-maria': { type: 'mariadb', name: 'jawsdb-maria', variable: 'JAWSDB_MARIA_URL' },
  cleardb: { type: 'mysql', name: 'cleardb', variable: 'CLEARDB_DATABASE_URL' },
  memcachier: { type: 'memcached', name: 'memcachier', variable: 'MEMCACHIER_URL', reads: 'MEMCACHIER_SERVERS, MEMCACHIER_USERNAME and MEMCACHIER_PASSWORD' },
  memcachedcloud: { type: 'memcached', name: 'memcachedcloud', variable: 'MEMCACHEDCLOUD_URL', reads: 'MEMCACHEDCLOUD_SERVERS, MEMCACHEDCLOUD_USERNAME and MEMCACHEDCLOUD_PASSWORD' },
};

/** Memory of Heroku dyno sizes, in MiB. */
const DYNO_MEMORY: Record<string, number> = {
  free: 512,
  hobby: 512,
  eco: 512,
  basic: 512,
  'standard-1x': 512,
  'standard-2x': 1024,
  'performance-m': 2560,
  'performance-l': 14336,
  'performance-l-ram': 30720,
  'performance-xl': 63488,
  'performance-2xl': 129024,
};

/** Variables Heroku itself reads (or sets), with no meaning on Convox. */
const HEROKU_VARIABLES = /^(BUILDPACK_URL|PROCFILE_PATH|HEROKU_[A-Z0-9_]*|WEB_CONCURRENCY|DYNO|PORT)$/;

const METADATA_KEYS = new Set(['name', 'description', 'keywords', 'website', 'repository', 'logo', 'success_url']);

const DEFAULT_PORT = 3000;

interface Process {
  type: string;
  command: string;
  keySpan: Span;
  commandSpan: Span;
}

export function convertProcfile(procfileText: string, appJsonText?: string, options: ProcfileOptions = {}): ConversionResult {
  const session = new Session();
  const procfileName = options.fileName ?? 'Procfile';
  session.addFile({ name: procfileName, text: procfileText });
  const processes = parseProcfile(session, procfileText);

  let appJson: CMap | undefined;
  if (appJsonText !== undefined) {
    const index = session.addFile({ name: options.appJsonFileName ?? 'app.json', text: appJsonText });
    const loaded = loadYaml(appJsonText, index);
    if (loaded.errors.length || loaded.root?.kind !== 'map') {
      session.note('manual-step', '', loaded.errors[0]?.span ?? { file: index, start: 0, end: 0 }, `app.json is not a JSON object${loaded.errors[0] ? ` (${loaded.errors[0].message})` : ''}: it is not converted.`);
    } else appJson = loaded.root;
  }
  if (!processes.length) {
    const message = 'The Procfile declares no process types (lines such as `web: bundle exec puma`): nothing to convert.';
    session.note('manual-step', '', undefined, message);
    return { manifest: '', report: session.report(), error: message, mapped: session.mapped() };
  }

  const manifest = newManifest();
  const names = new Names();
  const web = processes.find((p) => p.type === 'web');
  const port = web ? webPort(web.command, appJson) : undefined;
  const release = processes.find((p) => p.type === 'release');
  const services = new Map<string, OutService>();
  for (const process of processes) {
    if (process.type === 'release') continue;
    const out = newService(names.allocate(process.type));
    out.build = '.';
    if (out.name !== process.type) {
      session.note('converted-approximately', process.type, process.keySpan, `${JSON.stringify(process.type)} is not a valid Convox service name: it becomes ${out.name}.`);
    }
    const converted = convertCommand(process.command, process === web ? port : undefined);
    out.command = converted.command;
    for (const [name, value] of converted.defaults) out.environment.set(name, value);
    if (converted.notes.length) session.note('converted-approximately', process.type, process.commandSpan, converted.notes.join(' '));
    else session.map(process.type);
    if (process === web) out.port = port;
    if (process.type === 'postdeploy') {
      out.scale.count = 0;
      session.note('manual-step', process.type, process.keySpan, 'postdeploy is an app.json script, not a process: it becomes a service scaled to 0. Run it once after the first deploy with `convox run postdeploy`, and remove it from the Procfile.');
    }
    services.set(process.type, out);
    manifest.services.push(out);
  }
  if (!manifest.services.length && release) {
    const out = newService(names.allocate('release'));
    out.build = '.';
    out.scale.count = 0;
    services.set('release', out);
    manifest.services.push(out);
  }
  if (release) {
    const host = (web && services.get('web')) ?? manifest.services[0];
    const converted = convertCommand(release.command, undefined);
    host.initContainer = { command: converted.command };
    for (const [name, value] of converted.defaults) host.environment.set(name, value);
    session.note(
      'converted-approximately',
      'release',
      release.keySpan,
      `The release command runs as the initContainer of ${host.name}: before every ${host.name} process starts (each replica, each restart), not once per deploy, so it must be safe to run again (migrations are). ${converted.notes.join(' ')}`.trim(),
    );
  }
  session.note(
    'manual-step',
    processes[0].type,
    processes[0].keySpan,
    'Convox builds every service from the Dockerfile in the app folder (build: .), not with buildpacks: add a Dockerfile if the app has none, with the language runtime and dependencies the buildpacks installed.',
  );

  if (appJson) convertAppJson(session, appJson, manifest, services);
  return {
    manifest: stringifyManifest(manifest, [`Converted from ${baseName(procfileName)}${appJson ? ` and ${baseName(options.appJsonFileName ?? 'app.json')}` : ''} by convox-yml (convox-yml convert).`, 'Read the conversion report: what was approximated, dropped or needs a manual step.']),
    report: session.report(),
    mapped: session.mapped(),
  };
}

function parseProcfile(session: Session, content: string): Process[] {
  // By type, in the order of their last declaration.
  const processes = new Map<string, Process>();
  let offset = 0;
  for (const rawLine of content.split('\n')) {
    const line = rawLine.replace(/\r$/, '');
    const start = offset;
    offset += rawLine.length + 1;
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    // `type: command`, read without a regular expression around the command: `\s*(.*?)\s*$` backtracked for seconds
    // on a line of a few thousand spaces.
    const colon = line.indexOf(':');
    const type = line.slice(0, Math.max(0, colon));
    const command = line.slice(colon + 1).trim();
    if (!/^[A-Za-z0-9_-]+$/.test(type) || command === '') {
      session.note('dropped', '', { file: 0, start, end: start + line.length }, `${JSON.stringify(line.trim())} is not a process line (type: command): not converted.`);
      continue;
    }
    const commandStart = start + line.indexOf(command, type.length + 1);
    const process: Process = { type, command, keySpan: { file: 0, start, end: start + type.length }, commandSpan: { file: 0, start: commandStart, end: commandStart + command.length } };
    const previous = processes.get(type);
    if (previous) {
      session.note('dropped', type, previous.keySpan, `The process type ${type} is declared again later; the last command is used (Heroku keeps one command per type).`);
      processes.delete(type);
    }
    processes.set(type, process);
  }
  return [...processes.values()];
}

/** The web port: the default of `${PORT:-5000}`, app.json's PORT, or 3000. */
function webPort(command: string, appJson: CMap | undefined): number {
  const fallback = /\$\{PORT:?-(\d+)\}/.exec(command)?.[1];
  if (fallback) return Number(fallback);
  const env = get(appJson, 'env');
  const value = env ? get(env, 'PORT') : undefined;
  const fromApp = value?.kind === 'map' ? text(get(value, 'value')) : text(value);
  return fromApp && /^\d+$/.test(fromApp) ? Number(fromApp) : DEFAULT_PORT;
}

interface ConvertedCommand {
  command: string;
  defaults: [string, string][];
  notes: string[];
}

/**
 * A Procfile command for convox.yml. Heroku runs it with bash; Convox (v3) splits it into words and runs it
 * without a shell, and substitutes every `${...}` in convox.yml itself at build time. So: `$PORT` becomes the fixed
 * port, `${VAR:-x}` becomes `$VAR` with `VAR=x` declared, and a command that needs a shell runs under `sh -c`.
 */
export function convertCommand(raw: string, port: number | undefined): ConvertedCommand {
  const notes: string[] = [];
  const defaults: [string, string][] = [];
  let command = raw;
  if (port !== undefined) {
    const replaced = command.replace(/\$\{PORT(?::?-[^}]*)?\}|\$PORT(?![A-Za-z0-9_])|%PORT%/g, String(port));
    if (replaced !== command) notes.push(`$PORT is replaced by the service port ${port}: Convox routes to a fixed port (and sets PORT=${port}) instead of assigning one at start.`);
    command = replaced;
  }
  command = command.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}(?=(.?))/g, (_match, name: string, fallback: string | undefined, next: string) => {
    if (fallback !== undefined && !defaults.some(([n]) => n === name)) defaults.push([name, fallback]);
    return /[A-Za-z0-9_]/.test(next) ? `"$${name}"` : `$${name}`;
  });
  if (defaults.length) notes.push(`Convox would substitute \${...} in convox.yml at build time, so ${defaults.map(([n, v]) => `\${${n}:-${v}}`).join(', ')} ${defaults.length === 1 ? 'is' : 'are'} written as ${defaults.map(([n]) => `$${n}`).join(', ')} with ${defaults.map(([n, v]) => `${n}=${v}`).join(', ')} declared under environment.`);
  if (/\$\{/.test(command)) notes.push('The command still holds a ${...} form Convox would substitute at build time: rewrite it by hand.');
  if (/[|&;<>()$`\\*?~]|^\s*[A-Za-z_][A-Za-z0-9_]*=|^\s*(cd|export|unset|exec|source|\.)(\s|$)/.test(command)) {
    command = `sh -c ${shellQuote(command)}`;
    notes.push('Convox runs commands without a shell, and this one uses shell features (variables, &&, ;, redirects or VAR=value): it runs with sh -c.');
  }
  return { command, defaults, notes };
}

function convertAppJson(session: Session, app: CMap, manifest: OutManifest, services: Map<string, OutService>): void {
  const resources: string[] = [];
  let addonsDone = false;
  for (const e of app.entries) {
    const path = e.key;
    switch (e.key) {
      case 'env':
        convertEnv(session, e.value, manifest);
        break;
      case 'addons':
        addons(session, e.value, path, manifest, resources);
        addonsDone = true;
        break;
      case 'formation':
        formation(session, e.value, path, services);
        break;
      case 'scripts':
        for (const s of e.value.kind === 'map' ? e.value.entries : []) {
          const command = s.value.kind === 'map' ? text(get(s.value, 'command')) : text(s.value);
          if (s.key === 'postdeploy') {
            const host = services.get('web') ?? [...services.values()][0];
            session.note('manual-step', child(path, s.key), s.keySpan, `Heroku ran postdeploy once after creating the app; Convox has no such hook: run it after the first deploy with \`convox run ${host?.name ?? 'web'} ${shellQuote(command ?? '')}\`.`);
          } else {
            session.note('dropped', child(path, s.key), s.keySpan, `The ${s.key} script is a Heroku review-app hook: not converted.`);
          }
        }
        if (e.value.kind !== 'map') session.map(path);
        break;
      case 'buildpacks': {
        const urls = items(e.value).map((b) => (b.kind === 'map' ? text(get(b, 'url')) : text(b))).filter((u): u is string => !!u);
        session.note('manual-step', path, e.keySpan, `Convox builds from a Dockerfile, not with buildpacks: the Dockerfile must install what ${list(urls) || 'the buildpacks'} did.`);
        break;
      }
      case 'stack':
      case 'image':
        session.note('dropped', path, e.keySpan, `The Heroku ${e.key} is not used: Convox runs the image the Dockerfile builds (choose its base image there).`);
        break;
      case 'environments':
        for (const env of e.value.kind === 'map' ? e.value.entries : []) {
          const envAddons = get(env.value, 'addons');
          if (!addonsDone && !get(app, 'addons') && envAddons && ['production', 'review'].includes(env.key) && !resources.length) {
            session.note('converted-approximately', child(path, env.key), env.keySpan, `The add-ons of environments.${env.key} are converted (the app.json has no top-level addons); Heroku itself reads environments only for review apps and CI.`);
            addons(session, envAddons, child(child(path, env.key), 'addons'), manifest, resources);
            addonsDone = true;
          } else {
            session.note('dropped', child(path, env.key), env.keySpan, `environments.${env.key} configures Heroku review apps or CI: not converted.`);
          }
        }
        if (e.value.kind !== 'map') session.map(path);
        break;
      default:
        if (METADATA_KEYS.has(e.key)) session.map(path);
        else session.note('dropped', path, e.keySpan, `Unknown app.json key ${e.key}: not converted.`);
    }
  }
  // Heroku attaches add-ons to the whole app: every service links every resource.
  for (const out of manifest.services) out.resources.push(...resources);
}

function convertEnv(session: Session, value: CValue, manifest: OutManifest): void {
  const required: string[] = [];
  const optional: string[] = [];
  for (const e of value.kind === 'map' ? value.entries : []) {
    const path = child('env', e.key);
    if (HEROKU_VARIABLES.test(e.key)) {
      session.note('dropped', path, e.keySpan, e.key === 'PORT' ? 'Convox sets PORT itself, to the service port.' : `${e.key} is read by Heroku itself: not converted.`);
      continue;
    }
    const spec = e.value;
    const literal = spec.kind === 'map' ? text(get(spec, 'value')) : text(spec);
    const generator = spec.kind === 'map' ? text(get(spec, 'generator')) : undefined;
    const isRequired = spec.kind === 'map' ? text(get(spec, 'required')) !== 'false' : true;
    if (literal !== undefined) {
      manifest.environment.set(e.key, literal);
      session.map(path);
    } else if (generator === 'secret') {
      manifest.environment.set(e.key, undefined);
      session.note('manual-step', path, e.keySpan, `Heroku generated ${e.key}; Convox does not: set it once with \`convox env set ${e.key}=$(openssl rand -hex 64)\` before deploying.`);
    } else if (isRequired) {
      manifest.environment.set(e.key, undefined);
      required.push(e.key);
      session.map(path);
    } else {
      optional.push(e.key);
      session.note('dropped', path, e.keySpan, `${e.key} is optional and has no value: not declared (set it with \`convox env set\` when you need it; Convox passes the app environment to every service).`);
    }
  }
  if (required.length) {
    session.note('manual-step', 'env', value.span, `Set ${list(required)} with \`convox env set\` before deploying: they are declared without a value, and Convox fails the deploy while they are unset.`);
  }
  void optional;
}

function addons(session: Session, value: CValue, path: string, manifest: OutManifest, resources: string[]): void {
  items(value).forEach((item, index) => {
    const itemPath = value.kind === 'seq' ? child(path, index) : path;
    const plan = item.kind === 'map' ? text(get(item, 'plan')) : text(item);
    const as = item.kind === 'map' ? text(get(item, 'as')) : undefined;
    if (!plan) {
      session.note('dropped', itemPath, item.span, 'The add-on names no plan: not converted.');
      return;
    }
    const [service, tier] = plan.split(':');
    const known = ADDONS[service];
    if (known) {
      const name = as ? as.toLowerCase().replace(/_/g, '-') : known.name;
      const variable = as ? `${as.toUpperCase()}_URL` : known.variable;
      if (!manifest.resources.has(name)) manifest.resources.set(name, { type: known.type, options: new Map() });
      const injected = `${envPrefix(name)}_URL`;
      const entry = injected === variable ? name : `${name}:${variable}`;
      if (!resources.includes(entry)) resources.push(entry);
      const reads = known.reads ? ` The add-on also set ${known.reads}, which Convox does not: point the app at ${variable}.` : '';
      const plan = tier ? ` The plan ${tier} has no equivalent (resource options set the version and, for databases, storage).` : '';
      session.note('converted-approximately', itemPath, item.span, `Converted to the Convox resource ${name} (${known.type}), which Convox runs in the rack; every service links it and gets ${variable}, as on Heroku.${reads}${plan}`);
      return;
    }
    if (service === 'scheduler') {
      session.note('manual-step', itemPath, item.span, 'Heroku Scheduler jobs are not in app.json: write each one as a Convox timer (`timers: {<name>: {schedule: "0 3 * * ?", command: ..., service: web}}`).');
      return;
    }
    session.note('manual-step', itemPath, item.span, `The add-on ${service} has no Convox equivalent: keep the provider's service and set the variables it provided (see \`heroku config\`) with \`convox env set\`.`);
  });
}

function formation(session: Session, value: CValue, path: string, services: Map<string, OutService>): void {
  const entries: { type: string; spec: CValue; span: Span; path: string }[] = [];
  if (value.kind === 'map') for (const e of value.entries) entries.push({ type: e.key, spec: e.value, span: e.keySpan, path: child(path, e.key) });
  else items(value).forEach((item, index) => entries.push({ type: text(get(item, 'process')) ?? text(get(item, 'type')) ?? '', spec: item, span: item.span, path: child(path, index) }));
  if (!entries.length) session.map(path);
  for (const { type, spec, span, path: p } of entries) {
    const out = services.get(type);
    if (!out) {
      session.note('dropped', p, span, `The Procfile has no ${type} process: not converted.`);
      continue;
    }
    const quantity = Number(text(get(spec, 'quantity')));
    if (Number.isInteger(quantity) && quantity >= 0 && out.scale.count === undefined) out.scale.count = quantity;
    const size = text(get(spec, 'size'))?.toLowerCase();
    if (size && DYNO_MEMORY[size]) {
      out.scale.memory = DYNO_MEMORY[size];
      session.note('converted-approximately', child(p, 'size'), span, `The dyno size ${size} becomes scale.memory ${DYNO_MEMORY[size]} (MiB); CPU keeps Convox's default (scale.cpu).`);
    } else if (size) {
      session.note('dropped', child(p, 'size'), span, `The dyno size ${size} is unknown: set scale.memory and scale.cpu by hand.`);
    }
    session.map(p);
  }
}
