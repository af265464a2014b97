import { parseInterpolation } from '../compose/interpolation';
import type { OutService } from './manifest';
import { child, Session } from './session';
import { composeBoolean, CValue, get, items, Span, text } from './tree';
import { rewrite, rewriteNotes } from './values';

/** One variable of a compose `environment:` (list or map form). */
export interface EnvVar {
  name: string;
  /** The value as written (before interpolation); undefined when compose passes it through from the shell. */
  value?: string;
  span: Span;
  path: string;
}

/** Where each converted variable came from, for the checks that look at variables across services. */
export type EnvSources = Map<string, EnvVar>;

export function environmentVars(value: CValue | undefined, path: string): EnvVar[] {
  const vars: EnvVar[] = [];
  if (value?.kind === 'map') {
    for (const e of value.entries) {
      const raw = text(e.value);
      vars.push({ name: e.key, value: raw, span: e.keySpan, path: child(path, e.key) });
    }
  } else {
    items(value).forEach((item, index) => {
      const raw = text(item);
      if (raw === undefined) return;
      const eq = raw.indexOf('=');
      vars.push({ name: eq >= 0 ? raw.slice(0, eq) : raw, value: eq >= 0 ? raw.slice(eq + 1) : undefined, span: item.span, path: child(path, index) });
    });
  }
  return vars.filter((v) => v.name.trim() !== '').map((v) => ({ ...v, name: v.name.trim() }));
}

/**
 * Writes compose variables as convox.yml `environment` entries: `KEY=value` for values, `KEY` (required: the
 * deploy fails while it is unset) for variables compose takes from the shell, `KEY=default` for `${KEY:-default}`.
 */
export function convertEnvironment(session: Session, out: OutService, sources: EnvSources, vars: EnvVar[], at: { path: string; span: Span }): void {
  const passThrough: string[] = [];
  for (const v of vars) {
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(v.name)) {
      const fix = /^([A-Za-z_][A-Za-z0-9_]*):?-(.*)$/.exec(v.name);
      session.note(
        'manual-step',
        v.path,
        v.span,
        `${JSON.stringify(v.name)} is not a variable name${fix ? ` (it looks like ${fix[1]}=${fix[2]})` : ''}: not converted. Write it as KEY=value.`,
      );
      continue;
    }
    sources.set(v.name, v);
    if (v.value === undefined) {
      out.environment.set(v.name, undefined);
      passThrough.push(v.name);
      continue;
    }
    const segments = parseInterpolation(v.value);
    const only = segments?.length === 1 && segments[0].kind === 'variable' ? segments[0] : undefined;
    if (only && only.name === v.name && only.operator === undefined) {
      out.environment.set(v.name, undefined);
      passThrough.push(v.name);
      continue;
    }
    const rewritten = rewrite(v.value);
    if (only && only.name === v.name && (only.operator === ':-' || only.operator === '-')) {
      // ${KEY:-x} for KEY itself is exactly a convox.yml default: KEY=x, overridden by `convox env set KEY=...`.
      out.environment.set(v.name, rewritten.text);
      continue;
    }
    out.environment.set(v.name, rewritten.text);
    for (const name of rewritten.kept) session.variables.add(name);
    const notes = rewriteNotes(rewritten);
    if (notes.length) session.note(rewritten.invalid || rewritten.literalInterpolation ? 'manual-step' : 'converted-approximately', v.path, v.span, `${v.name}: ${notes.join(' ')}`);
  }
  if (passThrough.length) {
    session.note(
      'manual-step',
      at.path,
      at.span,
      `Set ${list(passThrough)} with \`convox env set\` before deploying: compose takes ${passThrough.length === 1 ? 'it' : 'them'} from your shell; convox.yml declares ${passThrough.length === 1 ? 'it' : 'them'} without a value, and Convox fails the deploy while ${passThrough.length === 1 ? 'it is' : 'they are'} unset.`,
    );
  }
}

/** Variable names of a dotenv file (`KEY=value`, `export KEY=value`, `KEY`), in order. Values are never read. */
export function dotenvNames(content: string): string[] {
  const names: string[] = [];
  for (const line of content.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*(=|$)/.exec(line);
    if (match && !names.includes(match[1])) names.push(match[1]);
  }
  return names;
}

/**
 * `env_file:` (a path, a list of paths, or `{path, required}` items): the variable names are declared without a
 * value; the values stay out of the manifest and are reported as a `convox env set` step.
 */
export function convertEnvFiles(session: Session, out: OutService, value: CValue, path: string, readFile: ((path: string) => string | undefined) | undefined): void {
  items(value).forEach((item, index) => {
    const itemPath = value.kind === 'seq' ? child(path, index) : path;
    const file = item.kind === 'map' ? text(get(item, 'path')) : text(item);
    const required = item.kind === 'map' ? composeBoolean(get(item, 'required')) !== false : true;
    if (!file) {
      // `env_file: ~` (unset) or an empty item say nothing; a map without a path is something compose rejects.
      if (item.kind === 'map') session.note('dropped', itemPath, item.span, 'An env_file entry without a path: docker compose rejects it. Not converted.');
      return;
    }
    const content = readFile?.(file);
    if (content === undefined) {
      session.note(
        'manual-step',
        itemPath,
        item.span,
        `${file} could not be read${required ? '' : ' (required: false)'}: set its variables with \`convox env set\` and declare their names under environment. Values from env files are never copied into convox.yml.`,
      );
      return;
    }
    const names = dotenvNames(content).filter((name) => !out.environment.has(name));
    for (const name of names) out.environment.set(name, undefined);
    session.note(
      'manual-step',
      itemPath,
      item.span,
      names.length
        ? `The values in ${file} are not copied into convox.yml; ${list(names)} ${names.length === 1 ? 'is' : 'are'} declared without a value. Set them on the app: convox env set ${names.map((n) => `${n}=...`).join(' ')}`
        : `${file} declares no variables that environment does not already set.`,
    );
  });
}

export function list(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
