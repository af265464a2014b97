import * as path from 'node:path';
import type { ConvoxDiagnostic } from '../diagnostics/rule';
import { isManifestName } from '../files';
import { isInside, WorkspaceFiles } from './files';

/** Files the nginx checks report in: `*.conf`, `*.conf.template`, `*.tpl`, `nginx.conf*`, or language `nginx`. */
export function isNginxFile(uri: string, languageId?: string): boolean {
  if (languageId === 'nginx') return true;
  const name = decodeURIComponent(uri.split(/[?#]/)[0].split('/').pop() ?? '').toLowerCase();
  return /\.(conf|conf\.template|tpl)$/.test(name) || name.startsWith('nginx.conf');
}

/** The manifests in the folders from `file`'s folder up to the workspace root (nearest first). */
export function manifestsAbove(workspace: WorkspaceFiles, file: string): string[] {
  const found: string[] = [];
  for (let dir = path.dirname(file); isInside(workspace.root, dir); dir = path.dirname(dir)) {
    for (const entry of workspace.list(dir) ?? []) if (entry.kind === 'file' && isManifestName(entry.name)) found.push(path.join(dir, entry.name));
    if (dir === workspace.root || path.dirname(dir) === dir) break;
  }
  return found;
}

/**
 * Diagnostics that manifests give other files (the nginx configs their services build), merged per file across
 * manifests: two manifests building the same config report its findings once. `update` hands the files whose
 * diagnostics changed to `publish` (an empty list clears a file).
 */
export class RelatedDiagnostics {
  private readonly bySource = new Map<string, Map<string, ConvoxDiagnostic[]>>();
  private readonly published = new Map<string, string>();

  constructor(private readonly publish: (uri: string, diagnostics: ConvoxDiagnostic[]) => void) {}

  /** What `source` (a manifest URI) now reports in other files; files it no longer reports in are cleared. */
  update(source: string, files: ReadonlyMap<string, ConvoxDiagnostic[]>): void {
    const before = this.bySource.get(source);
    const nonEmpty = new Map([...files].filter(([, diagnostics]) => diagnostics.length > 0));
    if (nonEmpty.size) this.bySource.set(source, nonEmpty);
    else this.bySource.delete(source);
    for (const uri of new Set([...(before?.keys() ?? []), ...nonEmpty.keys()])) {
      const merged = this.merged(uri);
      const key = JSON.stringify(merged);
      if ((this.published.get(uri) ?? '[]') === key) continue;
      if (merged.length) this.published.set(uri, key);
      else this.published.delete(uri);
      this.publish(uri, merged);
    }
  }

  remove(source: string): void {
    this.update(source, new Map());
  }

  /** The manifests that currently report in other files. */
  sources(): string[] {
    return [...this.bySource.keys()];
  }

  private merged(uri: string): ConvoxDiagnostic[] {
    const result: ConvoxDiagnostic[] = [];
    for (const files of this.bySource.values()) {
      for (const diagnostic of files.get(uri) ?? []) {
        const same = result.find(
          (d) => d.code === diagnostic.code && d.message === diagnostic.message && JSON.stringify(d.range) === JSON.stringify(diagnostic.range),
        );
        if (!same) result.push({ ...diagnostic, relatedInformation: [...(diagnostic.relatedInformation ?? [])] });
        else for (const info of diagnostic.relatedInformation ?? []) if (!same.relatedInformation!.some((i) => JSON.stringify(i) === JSON.stringify(info))) same.relatedInformation!.push(info);
      }
    }
    for (const d of result) if (!d.relatedInformation?.length) delete d.relatedInformation;
    return result.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  }
}
