/**
 * The parts of a Dockerfile the cross-file checks need: build stages, and the files `COPY`/`ADD` take from the build
 * context into the final image. Follows Docker's reading: the `# escape=` parser directive, line continuations,
 * comment lines (also inside continuations), heredocs (their bodies are not instructions), JSON-array and
 * whitespace forms, `--from`/`--chown`/`--chmod`/`--link`/`--parents`/`--exclude` flags, `WORKDIR`-relative
 * destinations and `ARG`/`ENV` substitution. Never throws.
 */

export interface DockerInstruction {
  /** Upper-case keyword (`COPY`, `FROM`, ...). */
  keyword: string;
  /** Everything after the keyword, continuations joined and comment lines removed. */
  args: string;
  /** 0-based line of the keyword. */
  line: number;
}

export interface CopyInstruction {
  keyword: 'COPY' | 'ADD';
  line: number;
  /** `--name=value` flags (`true` for a flag without value). */
  flags: Record<string, string | true>;
  /** Sources as written (relative to the build context; may hold globs); heredoc sources are left out. */
  sources: string[];
  /** Destination as written. */
  dest: string;
  /** Absolute destination in the image (relative destinations resolved against WORKDIR), variables substituted. */
  imageDest?: string;
  /** True when the destination must be a directory (trailing `/`, several sources or a wildcard). */
  destIsDirectory: boolean;
}

export interface DockerStage {
  index: number;
  /** `AS <name>`, lower-cased. */
  name?: string;
  /** The base image or stage as written after FROM (flags removed). */
  base: string;
  /** The earlier stage this one builds on (`FROM builder`), if any. */
  parent?: number;
  instructions: DockerInstruction[];
  copies: CopyInstruction[];
}

export interface Dockerfile {
  stages: DockerStage[];
}

const HEREDOC = /<<(-?)\s*(["']?)([A-Za-z_][\w.-]*)\2/g;

/** Splits the text into instructions (joined continuations, without comment lines and heredoc bodies). */
export function dockerInstructions(text: string): DockerInstruction[] {
  const lines = (typeof text === 'string' ? text : '').split(/\r\n|\r|\n/);
  let escape = '\\';
  // Parser directives: `# key=value` lines at the very top, before any other line.
  for (const line of lines) {
    const directive = /^#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(line);
    if (!directive) break;
    if (directive[1].toLowerCase() === 'escape' && (directive[2] === '`' || directive[2] === '\\')) escape = directive[2];
  }
  const instructions: DockerInstruction[] = [];
  let i = 0;
  while (i < lines.length) {
    const first = lines[i];
    if (/^\s*(#|$)/.test(first)) {
      i++;
      continue;
    }
    const startLine = i;
    let joined = '';
    let line = first;
    for (;;) {
      const trimmed = line.replace(/\s+$/, '');
      if (trimmed.endsWith(escape)) {
        joined += trimmed.slice(0, -1);
        i++;
        // Comment lines and blank lines inside a continuation are dropped.
        while (i < lines.length && /^\s*(#|$)/.test(lines[i])) i++;
        if (i >= lines.length) break;
        line = lines[i];
        continue;
      }
      joined += line;
      i++;
      break;
    }
    const match = /^\s*([A-Za-z]+)(?:\s+([\s\S]*))?$/.exec(joined);
    if (!match) continue;
    const keyword = match[1].toUpperCase();
    const args = (match[2] ?? '').trim();
    instructions.push({ keyword, args, line: startLine });
    // Heredocs (`RUN <<EOF`, `COPY <<EOF /dest`): their bodies follow the instruction and are not instructions.
    if (keyword === 'RUN' || keyword === 'COPY' || keyword === 'ADD') {
      for (const heredoc of args.matchAll(HEREDOC)) {
        const strip = heredoc[1] === '-';
        const word = heredoc[3];
        while (i < lines.length && (strip ? lines[i].replace(/^\t+/, '') : lines[i]) !== word) i++;
        i++;
      }
    }
  }
  return instructions;
}

/** `$VAR`, `${VAR}`, `${VAR:-default}` and `${VAR:+alt}` from `vars`; undefined when a variable is unknown. */
export function substitute(value: string, vars: ReadonlyMap<string, string>): string | undefined {
  let unknown = false;
  const result = value.replace(/\\\$|\$\{([A-Za-z_]\w*)(?:(:?[-+])([^}]*))?\}|\$([A-Za-z_]\w*)/g, (all, braced, op, word, bare) => {
    if (all === '\\$') return '$';
    const name = braced ?? bare;
    const set = vars.get(name);
    if (op === ':-' || op === '-') return set !== undefined && (op === '-' || set !== '') ? set : word;
    if (op === ':+' || op === '+') return set !== undefined && (op === '+' || set !== '') ? word : '';
    if (set === undefined) unknown = true;
    return set ?? '';
  });
  return unknown ? undefined : result;
}

/** Splits `--flag=value` options (`--link`, `--chown=a:b`, ...) from the front of an argument list. */
function stripFlags(args: string): { flags: Record<string, string | true>; rest: string } {
  const flags: Record<string, string | true> = {};
  let rest = args.trim();
  for (let match = /^--([\w-]+)(?:=(\S*))?(?:\s+|$)/.exec(rest); match; match = /^--([\w-]+)(?:=(\S*))?(?:\s+|$)/.exec(rest)) {
    flags[match[1].toLowerCase()] = match[2] ?? true;
    rest = rest.slice(match[0].length);
  }
  return { flags, rest };
}

/** The words of an argument list: a JSON array of strings, or whitespace-separated words. */
function argumentWords(args: string): { words: string[]; json: boolean } {
  const trimmed = args.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) return { words: parsed as string[], json: true };
    } catch {
      // not JSON: Docker reads it as the whitespace form
    }
  }
  return { words: trimmed.split(/\s+/).filter(Boolean), json: false };
}

/** Joins image paths the POSIX way (Dockerfile paths are always `/`-separated). */
export function joinImagePath(base: string, relative: string): string {
  const parts = (relative.startsWith('/') ? relative : `${base}/${relative}`).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

export function parseDockerfile(text: string): Dockerfile {
  const stages: DockerStage[] = [];
  const globalArgs = new Map<string, string>();
  let stage: DockerStage | undefined;
  let vars = new Map<string, string>();
  let workdir = '/';
  const workdirs: string[] = [];
  const stageVars: Map<string, string>[] = [];

  for (const instruction of dockerInstructions(text)) {
    const { keyword, args } = instruction;
    if (keyword === 'FROM') {
      const rest = stripFlags(args).rest.split(/\s+/).filter(Boolean);
      const base = substitute(rest[0] ?? '', globalArgs) ?? rest[0] ?? '';
      const name = rest.length >= 3 && rest[1].toLowerCase() === 'as' ? rest[2].toLowerCase() : undefined;
      const parent = stages.findIndex((s) => s.name !== undefined && s.name === base.toLowerCase());
      stage = { index: stages.length, base, instructions: [], copies: [], ...(name ? { name } : {}), ...(parent >= 0 ? { parent } : {}) };
      stages.push(stage);
      // A stage built on an earlier one starts from its WORKDIR and ENV.
      workdir = parent >= 0 ? workdirs[parent] : '/';
      vars = new Map(parent >= 0 ? stageVars[parent] : []);
      workdirs.push(workdir);
      stageVars.push(vars);
      continue;
    }
    if (!stage) {
      if (keyword === 'ARG') for (const [key, value] of declarations(args)) globalArgs.set(key, value ?? globalArgs.get(key) ?? '');
      continue;
    }
    stage.instructions.push(instruction);
    if (keyword === 'ARG') {
      // An ARG without a default takes the global one; the build may still override it (unknown values stay unknown).
      for (const [key, value] of declarations(args)) {
        const known = value ?? globalArgs.get(key);
        if (known !== undefined) vars.set(key, known);
      }
    } else if (keyword === 'ENV') {
      for (const [key, value] of declarations(args)) if (value !== undefined) vars.set(key, substitute(value, vars) ?? value);
    } else if (keyword === 'WORKDIR') {
      const dir = substitute(args.trim(), vars);
      if (dir !== undefined) workdir = joinImagePath(workdir, dir);
      workdirs[stage.index] = workdir;
    } else if (keyword === 'COPY' || keyword === 'ADD') {
      const copy = copyInstruction(keyword, instruction.line, args, vars, workdir);
      if (copy) stage.copies.push(copy);
    }
  }
  return { stages };
}

/** `KEY=value KEY2="v 2"` or the legacy `KEY value` form of ENV/ARG. */
function declarations(args: string): [string, string | undefined][] {
  const result: [string, string | undefined][] = [];
  const trimmed = args.trim();
  if (!trimmed) return result;
  if (!/^[A-Za-z_][\w]*=/.test(trimmed) && /^[A-Za-z_]\w*\s/.test(trimmed)) {
    const [key, ...rest] = trimmed.split(/\s+/);
    return [[key, rest.join(' ')]];
  }
  for (const match of trimmed.matchAll(/([A-Za-z_]\w*)(?:=("(?:[^"\\]|\\.)*"|'[^']*'|\S*))?/g)) {
    let value = match[2];
    if (value?.startsWith('"')) value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    else if (value?.startsWith("'")) value = value.slice(1, -1);
    result.push([match[1], value]);
  }
  return result;
}

function copyInstruction(keyword: 'COPY' | 'ADD', line: number, args: string, vars: ReadonlyMap<string, string>, workdir: string): CopyInstruction | undefined {
  const { flags, rest } = stripFlags(args);
  const { words: paths } = argumentWords(rest);
  if (paths.length < 2) return undefined;
  const dest = paths[paths.length - 1];
  const sources = paths.slice(0, -1).filter((source) => !source.startsWith('<<'));
  const destIsDirectory = dest.endsWith('/') || paths.length > 2 || sources.some((source) => /[*?[]/.test(source));
  const substituted = substitute(dest, vars);
  const copy: CopyInstruction = {
    keyword,
    line,
    flags,
    sources: sources.map((source) => substitute(source, vars) ?? source),
    dest,
    destIsDirectory,
  };
  if (substituted !== undefined) copy.imageDest = joinImagePath(workdir, substituted);
  return copy;
}

/** The stages the final image is made of: the last stage and the earlier stages it is built `FROM`. */
export function finalStages(dockerfile: Dockerfile): DockerStage[] {
  const chain: DockerStage[] = [];
  let stage: DockerStage | undefined = dockerfile.stages[dockerfile.stages.length - 1];
  const seen = new Set<number>();
  while (stage && !seen.has(stage.index)) {
    seen.add(stage.index);
    chain.unshift(stage);
    stage = stage.parent === undefined ? undefined : dockerfile.stages[stage.parent];
  }
  return chain;
}

/**
 * The COPY/ADD instructions that put build-context files into the final image, in order. Copies from other stages
 * or images (`--from`), remote sources (URLs, git) and sources with unknown variables are left out.
 */
export function contextCopies(dockerfile: Dockerfile): CopyInstruction[] {
  const copies: CopyInstruction[] = [];
  for (const stage of finalStages(dockerfile)) {
    for (const copy of stage.copies) {
      if (copy.flags.from !== undefined || copy.imageDest === undefined) continue;
      const sources = copy.sources.filter((source) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(source) && !source.startsWith('git@') && !source.includes('$'));
      if (sources.length) copies.push({ ...copy, sources });
    }
  }
  return copies;
}

/** The words of the final image's CMD and ENTRYPOINT (the last of each, inherited through stages). */
export function finalCommandWords(dockerfile: Dockerfile): string[] {
  let cmd: string[] = [];
  let entrypoint: string[] = [];
  for (const stage of finalStages(dockerfile)) {
    for (const instruction of stage.instructions) {
      if (instruction.keyword === 'CMD') cmd = argumentWords(instruction.args).words;
      if (instruction.keyword === 'ENTRYPOINT') entrypoint = argumentWords(instruction.args).words;
    }
  }
  return [...entrypoint, ...cmd];
}
