import * as path from 'node:path';
import type { DirEntry, WorkspaceFiles } from './files';

/** True when a path holds glob characters (`*`, `?`, `[`), as nginx `include` and Docker `COPY` read them. */
export function hasGlob(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

const segmentCache = new Map<string, RegExp>();

/**
 * One path segment of a glob as a regular expression: `*` and `?` never match `/`; `[abc]`, `[a-z]` and `[!a]` /
 * `[^a]` are character classes (glob(3) and Go's filepath.Match agree on these). A `*` does not match a leading `.`
 * the way the shell's does: nginx and Docker both let it.
 */
export function segmentRegExp(segment: string): RegExp {
  let cached = segmentCache.get(segment);
  if (cached) return cached;
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i];
    if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (ch === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close === -1) {
        source += '\\[';
        continue;
      }
      let body = segment.slice(i + 1, close);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      source += `[${negate ? '^' : ''}${body.replace(/[\\\]]/g, '\\$&')}]`;
      i = close;
    } else if (ch === '\\' && i + 1 < segment.length) {
      source += segment[++i].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else source += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  cached = new RegExp(`^${source}$`);
  if (segmentCache.size < 1000) segmentCache.set(segment, cached);
  return cached;
}

/** True when the `/`-separated `candidate` matches the `/`-separated glob `pattern` segment by segment. */
export function matchPath(pattern: string, candidate: string): boolean {
  const patterns = pattern.split('/').filter(Boolean);
  const parts = candidate.split('/').filter(Boolean);
  return patterns.length === parts.length && patterns.every((segment, index) => segmentRegExp(segment).test(parts[index]));
}

export interface Match {
  /** Absolute path in the workspace. */
  path: string;
  kind: DirEntry['kind'];
}

/**
 * The workspace paths a relative glob names below `base` (sorted, like glob(3)). Literal segments need no listing
 * except the last, whose kind is looked up in its folder. At most `limit` matches.
 */
export function expandGlob(workspace: WorkspaceFiles, base: string, pattern: string, limit = 1000): Match[] {
  const segments = pattern.split(/[\\/]+/).filter((segment) => segment && segment !== '.');
  let current: Match[] = [{ path: base, kind: 'directory' }];
  for (let index = 0; index < segments.length && current.length; index++) {
    const segment = segments[index];
    const next: Match[] = [];
    for (const match of current) {
      if (match.kind !== 'directory') continue;
      if (segment === '..') {
        next.push({ path: path.dirname(match.path), kind: 'directory' });
        continue;
      }
      const entries = workspace.list(match.path) ?? [];
      if (hasGlob(segment)) {
        const regexp = segmentRegExp(segment);
        for (const entry of entries) if (regexp.test(entry.name)) next.push({ path: path.join(match.path, entry.name), kind: entry.kind });
      } else {
        const entry = entries.find((candidate) => candidate.name === segment);
        if (entry) next.push({ path: path.join(match.path, entry.name), kind: entry.kind });
      }
      if (next.length >= limit) break;
    }
    current = next.slice(0, limit);
  }
  return segments.length ? current.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) : current;
}

/** Every file below `dir` (depth-first, sorted), skipping dependency and VCS folders; bounded in depth and count. */
export function walkFiles(workspace: WorkspaceFiles, dir: string, accept: (file: string) => boolean, limits = { depth: 6, files: 500 }): string[] {
  const found: string[] = [];
  let visited = 0;
  const visit = (current: string, depth: number) => {
    if (depth > limits.depth || visited >= limits.files * 4) return;
    for (const entry of workspace.list(current) ?? []) {
      if (found.length >= limits.files) return;
      visited++;
      const full = path.join(current, entry.name);
      if (entry.kind === 'directory') {
        if (!SKIPPED.has(entry.name)) visit(full, depth + 1);
      } else if (accept(full)) found.push(full);
    }
  };
  visit(dir, 0);
  return found;
}

const SKIPPED = new Set(['node_modules', '.git', '.hg', '.svn', 'bower_components', '__pycache__', '.venv']);
