import type { Node } from 'yaml';
import type { Check, CheckContext } from '../diagnostics/rule';
import { declaredNames, envDeclarations } from '../environment';
import type { ConvoxSettings, Target } from '../settings';
import { Plain, sourceAt } from '../yaml/toPlain';
import { servicePort } from './servicePort';
import { Path, services, valueAt } from './support';

/**
 * `${PORT}` (Convox interpolation) or `$PORT` (shell syntax). `${PORT:-3000}` is left to interpolation-default,
 * which explains that Convox has no default syntax.
 */
const PORT_REFERENCE = /\$\{PORT\}|\$PORT(?![A-Za-z0-9_])/g;
const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh']);

type Kind = 'interpolated' | 'literal' | 'unset';

/**
 * Heroku's dynamic `$PORT` carried over into convox.yml. Convox has no dynamic port: the service listens on the port
 * it declares. `${PORT}` is interpolated by Convox at build and promote from the app env (spec 3.1, usually unset,
 * so empty). `$PORT` in a command: v3 splits the string and runs it without a shell (literal), unless it runs
 * `sh -c`, where PORT is the service's port (v3 sets it when `port:` is set); v2 wraps a string in `sh -c` but sets
 * no PORT, so it is empty unless the manifest declares it.
 */
export const herokuPort: Check = {
  rules: [{ code: 'heroku-port', severity: 'warning', title: "Heroku's $PORT in a command or port: Convox does not assign a port at runtime" }],
  run(context) {
    const { document, settings } = context;
    const declarations = envDeclarations(document);
    // A bare `- PORT` makes Convox require PORT in the app env, so `${PORT}` has a value (undeclared-variable agrees).
    const required = declaredNames(declarations).bare.has('PORT');
    const wildcard = (list: Plain | undefined) => Array.isArray(list) && list.flat().includes('*');
    // Where PORT is declared (undefined: the top-level list), and whether the top-level list pulls in the app env.
    const declaresPort = new Set(declarations.filter((d) => d.key === 'PORT').map((d) => d.service));
    const topWildcard = wildcard(valueAt(document, ['environment']));
    for (const [name, body] of services(document)) {
      if (!body || !(mentionsPort(body.port) || mentionsPort(body.command))) continue;
      const port = servicePort(body);
      const portNumber = port?.number;
      const declared = declaresPort.has(undefined) || declaresPort.has(name) || topWildcard || wildcard(body.environment);
      const service: ServiceInfo = { name, portNumber, hasPort: port !== undefined, declared, required };

      // `port: ${PORT}`: only the interpolated form; `port: $PORT` does not parse and the schema reports it.
      scan(context, ['services', name, 'port'], body.port, (reference) => (reference.startsWith('${') && !required ? 'interpolated' : undefined), { ...service, portNumber: undefined }, 'port');

      const command = body.command;
      if (typeof command === 'string') {
        const shell = runsInShell(command.trim().split(/\s+/));
        scan(context, ['services', name, 'command'], command, (reference) => classify(reference, settings.target, settings.target === 'v2' || shell, service), service, 'command');
      } else if (Array.isArray(command) && settings.target === 'v2') {
        const shell = runsInShell(command.map((word) => (typeof word === 'string' ? word : '')));
        command.forEach((word, index) => {
          scan(context, ['services', name, 'command', index], word, (reference) => classify(reference, 'v2', shell, service, true), service, 'command');
        });
      }
    }
  },
};

/** Only strings (or a command's words) that mention PORT can hold a reference `scan` reports. */
function mentionsPort(value: Plain | undefined): boolean {
  if (typeof value === 'string') return value.includes('PORT');
  return Array.isArray(value) && value.some((word) => typeof word === 'string' && word.includes('PORT'));
}

interface ServiceInfo {
  name: string;
  portNumber?: number;
  hasPort: boolean;
  /** The service's environment (or the top-level one) declares PORT, or pulls in the whole app env. */
  declared: boolean;
  /** `- PORT` (bare) is declared: the app env must set it. */
  required: boolean;
}

function classify(reference: string, target: Target, shell: boolean, service: ServiceInfo, list = false): Kind | undefined {
  if (reference.startsWith('${')) return service.required ? undefined : 'interpolated';
  if (!shell) return list || target === 'v3' ? 'literal' : undefined;
  if (service.declared) return undefined; // the manifest's environment sets PORT
  if (target === 'v3' && service.hasPort) return undefined; // v3 sets PORT to the service's port
  return 'unset';
}

function scan(context: CheckContext, path: Path, value: Plain | undefined, kindOf: (reference: string) => Kind | undefined, service: ServiceInfo, where: 'port' | 'command'): void {
  if (typeof value !== 'string' || !value.includes('PORT')) return;
  const { document } = context;
  const entry = sourceAt(document.plain, path);
  const node = entry?.node as Node | null | undefined;
  if (!entry || !node?.range) return;
  const references = [...value.matchAll(PORT_REFERENCE)].map((match) => ({ text: match[0], kind: kindOf(match[0]) }));
  if (!references.some((reference) => reference.kind)) return;
  if (entry.via?.range) {
    // Written elsewhere (an anchor): point at the alias, once, without an edit.
    const first = references.find((reference) => reference.kind)!;
    context.report({ code: 'heroku-port', location: { start: entry.via.range[0], end: entry.via.range[1] }, message: message(first.text, first.kind!, context.settings.target, service, where) });
    return;
  }
  const source = document.text.slice(node.range[0], node.range[1]);
  for (const match of source.matchAll(PORT_REFERENCE)) {
    const kind = kindOf(match[0]);
    if (!kind) continue;
    const start = node.range[0] + match.index!;
    context.report({
      code: 'heroku-port',
      location: { start, end: start + match[0].length },
      message: message(match[0], kind, context.settings.target, service, where),
      data: service.portNumber !== undefined ? { port: service.portNumber } : undefined,
    });
  }
}

function message(reference: string, kind: Kind, target: Target, service: ServiceInfo, where: 'port' | 'command'): string {
  const port = service.portNumber;
  const write = port !== undefined ? `Write ${port}, the service's port` : 'Write the port number the app listens on';
  if (kind === 'interpolated') {
    const base = `Convox replaces \`${reference}\` in convox.yml when it builds and promotes, with the PORT variable of the app's environment (\`convox env\`), not at runtime; it is normally unset there, so this becomes empty.`;
    if (where === 'port') return `${base} The service then has no port: no load balancer, no health check. Write the number the app listens on, e.g. \`port: 3000\`, and make the app listen on it.`;
    const runtime = target === 'v3' && port !== undefined ? " (or `$PORT` inside `sh -c '…'` to read it at runtime)" : '';
    return `${base} ${write}${runtime}.`;
  }
  if (kind === 'literal') {
    const why =
      target === 'v3'
        ? 'on v3 Convox splits the command into arguments and runs it without a shell'
        : 'v2 runs a command list without a shell';
    const shell = port !== undefined ? ", or run it with `sh -c '…'`" : '';
    return `"${reference}" reaches the program literally: ${why}, so no variable is expanded. ${write}${shell}.`;
  }
  if (target === 'v3') {
    return `The shell expands "${reference}" at runtime, but Convox sets PORT only for services with \`port:\`, and service "${service.name}" has none, so it is empty. Add \`port:\`, or write the port number.`;
  }
  const declare = `declare \`PORT=${port ?? '<port>'}\` in the service's \`environment\``;
  return `v2 runs the command with \`sh -c\`, so "${reference}" expands at runtime, but v2 racks do not set PORT (Heroku and v3 do), so it is empty. ${write}, or ${declare}.`;
}

/** `sh -c '…'`, `/bin/bash -lc …`, `/usr/bin/env sh -c …`: the command string goes through a shell. */
function runsInShell(words: string[]): boolean {
  let index = 0;
  if (/(^|\/)env$/.test(words[index] ?? '')) index++;
  const program = (words[index] ?? '').replace(/^.*\//, '');
  if (!SHELLS.has(program)) return false;
  for (index++; index < words.length && words[index].startsWith('-'); index++) {
    if (/^-[A-Za-z]*c[A-Za-z]*$/.test(words[index])) return true;
  }
  return false;
}

/**
 * True for a `${PORT}` this rule reports (a service's `command`, a v2 command list item, or `port`), so the generic
 * undeclared-variable finding yields to it.
 */
export function herokuPortClaims(settings: ConvoxSettings, scalar: { path: readonly (string | number)[]; inKey: boolean }): boolean {
  if (settings.rules['heroku-port'] === 'off' || scalar.inKey) return false;
  const [section, , key, index] = scalar.path;
  if (section !== 'services' || (key !== 'command' && key !== 'port')) return false;
  if (scalar.path.length === 3) return true;
  return scalar.path.length === 4 && key === 'command' && typeof index === 'number' && settings.target === 'v2';
}
