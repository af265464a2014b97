import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Read-only access to the files of a workspace, for checks that look past the manifest (Dockerfiles, nginx
 * configs). Nothing outside `root` is ever read: paths are resolved, `..` escapes are refused, symbolic links are
 * followed with `realpath` and refused when they lead outside. Binary files (NUL bytes) and files over 1 MB are
 * skipped and noted in `skipped`. Nothing is ever executed.
 */
export interface WorkspaceFiles {
  /** The folder nothing may be read outside of (as given, resolved to an absolute path). */
  readonly root: string;
  /** The text of a file inside the root (absolute, or relative to the root); undefined when missing or refused. */
  read(file: string): string | undefined;
  /** The entries of a directory inside the root, sorted by name; entries that lead outside it are left out. */
  list(dir: string): DirEntry[] | undefined;
  /** Files that were refused or skipped, with the reason (for logs). */
  readonly skipped: readonly SkippedFile[];
}

export interface DirEntry {
  name: string;
  kind: 'file' | 'directory';
}

export interface SkippedFile {
  path: string;
  reason: string;
}

/** Files larger than this are not read. */
export const MAX_FILE_BYTES = 1024 * 1024;

export interface WorkspaceOptions {
  /** Text to use instead of the disk's for a file (open editor buffers), by absolute path. Only consulted inside the root. */
  overlay?: (file: string) => string | undefined;
}

/** True when `child` is `parent` or lies below it (both absolute). */
export function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!path.isAbsolute(relative) && relative !== '..' && !relative.startsWith(`..${path.sep}`));
}

class NodeWorkspace implements WorkspaceFiles {
  readonly skipped: SkippedFile[] = [];
  private readonly texts = new Map<string, string | undefined>();
  private readonly listings = new Map<string, DirEntry[] | undefined>();

  constructor(
    readonly root: string,
    private readonly realRoot: string,
    private readonly options: WorkspaceOptions,
  ) {}

  private skip(file: string, reason: string): undefined {
    if (!this.skipped.some((entry) => entry.path === file && entry.reason === reason)) this.skipped.push({ path: file, reason });
    return undefined;
  }

  private readonly located = new Map<string, { lexical: string; real: string | undefined } | undefined>();

  /**
   * The absolute path (as written) and real path of `file`, or undefined when it is outside the root or missing.
   * Resolved once per file for the life of this object (the server keeps one for a burst of keystrokes).
   */
  private locate(file: string): { lexical: string; real: string | undefined } | undefined {
    if (typeof file !== 'string') return undefined;
    if (!this.located.has(file)) this.located.set(file, this.resolvePath(file));
    return this.located.get(file);
  }

  private resolvePath(file: string): { lexical: string; real: string | undefined } | undefined {
    if (file.includes('\0')) return undefined;
    const lexical = path.resolve(this.root, file);
    if (!isInside(this.root, lexical) && !isInside(this.realRoot, lexical)) return this.skip(lexical, 'outside the workspace');
    let real: string;
    try {
      real = fs.realpathSync.native(lexical);
    } catch {
      return { lexical, real: undefined };
    }
    if (!isInside(this.realRoot, real)) return this.skip(lexical, `links outside the workspace (${real})`);
    return { lexical, real };
  }

  read(file: string): string | undefined {
    const located = this.locate(file);
    if (!located) return undefined;
    const { lexical, real } = located;
    if (this.texts.has(lexical)) return this.texts.get(lexical);
    const open = this.options.overlay?.(lexical) ?? (real && real !== lexical ? this.options.overlay?.(real) : undefined);
    const text = open ?? (real ? this.readDisk(lexical, real) : undefined);
    this.texts.set(lexical, text);
    return text;
  }

  private readDisk(lexical: string, real: string): string | undefined {
    let fd: number | undefined;
    try {
      // O_NOFOLLOW: the last component was checked by realpath and must not have become a link since; O_NONBLOCK:
      // a FIFO must not block the server (it is refused below as not a regular file).
      const flags = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0);
      fd = fs.openSync(real, flags);
      const stat = fs.fstatSync(fd);
      if (!stat.isFile()) return this.skip(lexical, 'not a regular file');
      if (stat.size > MAX_FILE_BYTES) return this.skip(lexical, `larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
      const buffer = Buffer.alloc(stat.size);
      let read = 0;
      while (read < stat.size) {
        const count = fs.readSync(fd, buffer, read, stat.size - read, read);
        if (count === 0) break;
        read += count;
      }
      const bytes = buffer.subarray(0, read);
      if (bytes.includes(0)) return this.skip(lexical, 'binary (contains NUL bytes)');
      const text = bytes.toString('utf8');
      return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    } catch (error) {
      return this.skip(lexical, `unreadable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }

  list(dir: string): DirEntry[] | undefined {
    const located = this.locate(dir);
    if (!located?.real) return undefined;
    if (!this.listings.has(located.real)) this.listings.set(located.real, this.listDisk(located.lexical, located.real));
    return this.listings.get(located.real);
  }

  private listDisk(lexical: string, real: string): DirEntry[] | undefined {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(real, { withFileTypes: true });
    } catch {
      return undefined;
    }
    const result: DirEntry[] = [];
    for (const entry of entries) {
      if (entry.isFile()) result.push({ name: entry.name, kind: 'file' });
      else if (entry.isDirectory()) result.push({ name: entry.name, kind: 'directory' });
      else if (entry.isSymbolicLink()) {
        const target = this.locate(path.join(lexical, entry.name));
        if (!target?.real) continue;
        try {
          const stat = fs.statSync(target.real);
          if (stat.isFile()) result.push({ name: entry.name, kind: 'file' });
          else if (stat.isDirectory()) result.push({ name: entry.name, kind: 'directory' });
        } catch {
          // a dangling link: nothing to list
        }
      }
    }
    return result.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

/** Workspace access rooted at `root` (a folder on disk); undefined when it is not a readable folder. */
export function nodeWorkspace(root: string, options: WorkspaceOptions = {}): WorkspaceFiles | undefined {
  const absolute = path.resolve(root);
  try {
    const real = fs.realpathSync.native(absolute);
    if (!fs.statSync(real).isDirectory()) return undefined;
    return new NodeWorkspace(absolute, real, options);
  } catch {
    return undefined;
  }
}

/** The workspace folder holding `file` (the deepest one), or the file's own folder when none does. */
export function rootFor(folders: readonly string[], file: string): string {
  const holding = folders.filter((folder) => isInside(path.resolve(folder), file)).sort((a, b) => b.length - a.length);
  return holding.length ? path.resolve(holding[0]) : path.dirname(file);
}

/** The local path of a `file:` URI; undefined for other schemes or malformed URIs. */
export function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export interface WorkspacePolicy {
  /** False in an untrusted workspace: no file but the open manifest is read. */
  trusted: boolean;
  /** Workspace folders (local paths). */
  folders: readonly string[];
  overlay?: WorkspaceOptions['overlay'];
}

/**
 * The files a check of the manifest at `uri` may read: none for an untrusted workspace or a manifest that is not a
 * local file, otherwise the workspace folder that holds it (or its own folder).
 */
export function workspaceForManifest(uri: string, policy: WorkspacePolicy): WorkspaceFiles | undefined {
  if (!policy.trusted) return undefined;
  const file = filePathOf(uri);
  if (!file) return undefined;
  return nodeWorkspace(rootFor(policy.folders, file), { overlay: policy.overlay });
}
