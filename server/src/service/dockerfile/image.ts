import * as path from 'node:path';
import type { WorkspaceFiles } from '../workspace/files';
import { expandGlob, hasGlob, matchPath, walkFiles } from '../workspace/glob';
import { contextCopies, Dockerfile, finalCommandWords, joinImagePath } from './parse';

/**
 * Which build-context files end up where in a service's image, from the final stage's COPY/ADD instructions. Files
 * are mapped forwards (an explicitly copied file and its image path) and image paths backwards (an nginx `include`
 * of `/etc/nginx/conf.d/*.conf` finds the files a `COPY conf.d /etc/nginx/conf.d` put there).
 */

/** Folders nginx images read configuration from (official image, Debian/Alpine packages, OpenResty, Bitnami). */
export const NGINX_CONF_DIRS = ['/etc/nginx', '/usr/local/openresty/nginx/conf', '/usr/local/nginx/conf', '/etc/openresty', '/opt/bitnami/nginx/conf', '/usr/local/etc/nginx'];

/** The official nginx image renders `/etc/nginx/templates/**\/*.template` with envsubst into `/etc/nginx/conf.d`. */
const TEMPLATE_DIR = '/etc/nginx/templates';
const TEMPLATE_OUTPUT = '/etc/nginx/conf.d';

type Entry =
  | { kind: 'file'; source: string; imagePaths: string[] }
  | { kind: 'directory'; source: string; dest: string };

export interface ImageFile {
  /** Absolute path in the workspace. */
  source: string;
  /** Where the image holds it (the first of the possible places). */
  imagePath: string;
}

function isUnder(dir: string, file: string): boolean {
  return file === dir || file.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
}

/** Image paths a file copied to `imagePath` is also seen at: a rendered template in conf.d. */
function aliases(imagePath: string): string[] {
  if (isUnder(TEMPLATE_DIR, imagePath) && imagePath.endsWith('.template')) {
    return [imagePath, TEMPLATE_OUTPUT + imagePath.slice(TEMPLATE_DIR.length, -'.template'.length)];
  }
  return [imagePath];
}

/** File names that are nginx configuration when they sit in an nginx folder or are copied one by one. */
export function looksLikeNginxConfig(file: string): boolean {
  const name = path.basename(file).toLowerCase();
  if (/(^|[._-])nginx([._-]|$)/.test(name) || name === 'default') return true;
  return /\.(conf|conf\.template|conf\.tpl|tpl|template|nginx)$/.test(name);
}

export class ImageLayout {
  private constructor(
    private readonly entries: Entry[],
    private readonly workspace: WorkspaceFiles,
    /** Words of the final CMD and ENTRYPOINT: a config named there (`nginx -c /app/nginx.conf`) is read too. */
    readonly command: string[],
  ) {}

  /** The layout of the final image of `dockerfile`, built with `contextDir` as its build context. */
  static of(dockerfile: Dockerfile, contextDir: string, workspace: WorkspaceFiles): ImageLayout {
    const entries: Entry[] = [];
    for (const copy of contextCopies(dockerfile)) {
      const dest = copy.imageDest!;
      for (const source of copy.sources) {
        // Sources are relative to the context, also when written with a leading `/`; `..` cannot leave it.
        const relative = path.posix.normalize(source.replace(/^\/+/, '') || '.');
        if (relative === '..' || relative.startsWith('../')) continue;
        const matches = hasGlob(relative) ? expandGlob(workspace, contextDir, relative) : expandGlob(workspace, contextDir, relative, 1);
        for (const match of relative === '.' ? [{ path: contextDir, kind: 'directory' as const }] : matches) {
          if (match.kind === 'directory') {
            entries.push({ kind: 'directory', source: match.path, dest });
          } else {
            const base = path.basename(match.path);
            const places = copy.destIsDirectory ? [joinImagePath(dest, base)] : [dest, joinImagePath(dest, base)];
            entries.push({ kind: 'file', source: match.path, imagePaths: places.flatMap(aliases) });
          }
        }
      }
    }
    return new ImageLayout(entries, workspace, finalCommandWords(dockerfile).flatMap((word) => word.split(/\s+/).filter(Boolean)));
  }

  /** Workspace files the image holds at paths matching the absolute image glob `pattern` (sorted, unique). */
  resolve(pattern: string): string[] {
    const found = new Set<string>();
    for (const entry of this.entries) {
      if (entry.kind === 'file') {
        if (entry.imagePaths.some((imagePath) => matchPath(pattern, imagePath))) found.add(entry.source);
        continue;
      }
      for (const [dest, strip] of this.views(entry.dest)) {
        const rest = remainder(pattern, dest);
        if (rest === undefined) continue;
        if (!strip) {
          for (const match of expandGlob(this.workspace, entry.source, rest)) if (match.kind === 'file') found.add(match.path);
          continue;
        }
        // A rendered template: `conf.d/x.conf` comes from `templates/x.conf.template`.
        const dir = path.posix.dirname(rest);
        const last = path.posix.basename(rest);
        for (const match of expandGlob(this.workspace, entry.source, dir === '.' ? '*' : `${dir}/*`)) {
          if (match.kind === 'file' && match.path.endsWith('.template') && matchPath(last, path.basename(match.path).slice(0, -'.template'.length))) found.add(match.path);
        }
      }
    }
    return [...found].sort();
  }

  /** The places a directory copied to `dest` is seen at, and whether names there lose a `.template` suffix. */
  private views(dest: string): [string, boolean][] {
    const views: [string, boolean][] = [[dest, false]];
    if (isUnder(TEMPLATE_DIR, dest)) views.push([TEMPLATE_OUTPUT + dest.slice(TEMPLATE_DIR.length), true]);
    return views;
  }

  /**
   * The nginx configuration files the image holds: files copied one by one with a config-like name or into an
   * nginx folder; files with a config-like name found in copied folders that land in an nginx folder; and files
   * the CMD/ENTRYPOINT names.
   */
  nginxConfigs(): ImageFile[] {
    const result = new Map<string, ImageFile>();
    const add = (source: string, imagePath: string) => {
      if (!result.has(source)) result.set(source, { source, imagePath });
    };
    for (const entry of this.entries) {
      if (entry.kind === 'file') {
        const inNginxDir = entry.imagePaths.find((imagePath) => NGINX_CONF_DIRS.some((dir) => isUnder(dir, imagePath)));
        if (inNginxDir || looksLikeNginxConfig(entry.source)) add(entry.source, inNginxDir ?? entry.imagePaths[0]);
        continue;
      }
      for (const dir of NGINX_CONF_DIRS) {
        // The copy lands inside an nginx folder, or holds one (`COPY rootfs/ /` with rootfs/etc/nginx/...).
        let sourceDir: string | undefined;
        let imageDir: string | undefined;
        if (isUnder(dir, entry.dest)) [sourceDir, imageDir] = [entry.source, entry.dest];
        else if (isUnder(entry.dest, dir)) [sourceDir, imageDir] = [path.join(entry.source, ...dir.slice(entry.dest.length).split('/').filter(Boolean)), dir];
        if (!sourceDir || !imageDir) continue;
        for (const file of walkFiles(this.workspace, sourceDir, looksLikeNginxConfig)) {
          add(file, joinImagePath(imageDir, path.relative(sourceDir, file).split(path.sep).join('/')));
        }
      }
    }
    // `nginx -c /app/nginx.conf`, `openresty -c ...`, or a config-like path the command names.
    this.command.forEach((word, index) => {
      if (!word.startsWith('/') || hasGlob(word) || !(this.command[index - 1] === '-c' || looksLikeNginxConfig(word))) return;
      for (const source of this.resolve(word)) add(source, word);
    });
    return [...result.values()];
  }
}

/** The part of the image glob `pattern` below the folder `dest`, or undefined when the pattern is not below it. */
function remainder(pattern: string, dest: string): string | undefined {
  const patterns = pattern.split('/').filter(Boolean);
  const parts = dest.split('/').filter(Boolean);
  if (patterns.length <= parts.length) return undefined;
  for (let index = 0; index < parts.length; index++) if (!matchPath(patterns[index], parts[index])) return undefined;
  return patterns.slice(parts.length).join('/');
}

/** The folder nginx reads relative `include`s from for a config at `imagePath` (its conf prefix). */
export function confPrefix(imagePath: string): string {
  const dir = NGINX_CONF_DIRS.filter((candidate) => isUnder(candidate, imagePath)).sort((a, b) => b.length - a.length)[0];
  return dir ?? path.posix.dirname(imagePath);
}
