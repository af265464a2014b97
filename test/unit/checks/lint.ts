import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ManifestDocument } from '../../../server/src/service/document';
import { validateManifest } from '../../../server/src/service/diagnostics/validate';
import { normalizeSettings, Target } from '../../../server/src/service/settings';
import { CORPUS } from '../../helpers/corpus';

export interface Found {
  code: string;
  message: string;
  /** The exact text the diagnostic underlines. */
  text: string;
  line: number;
  severity: number | undefined;
  data: unknown;
  related: string[];
}

/** Every diagnostic of a manifest, with the text each one underlines. */
export function lint(text: string, target: Target = 'v3'): Found[] {
  const document = new ManifestDocument('file:///w/convox.yml', 1, text);
  return validateManifest(document, normalizeSettings({ target })).map((d) => ({
    code: d.code,
    message: d.message,
    text: document.text.slice(document.offsetAt(d.range.start), document.offsetAt(d.range.end)),
    line: d.range.start.line,
    severity: d.severity,
    data: d.data,
    related: (d.relatedInformation ?? []).map((r) => document.text.slice(document.offsetAt(r.location.range.start), document.offsetAt(r.location.range.end))),
  }));
}

export function withCode(found: Found[], code: string): Found[] {
  return found.filter((f) => f.code === code);
}

/** Findings that underline exactly `text` (whatever check reported them). */
export function at(found: Found[], text: string): Found[] {
  return found.filter((f) => f.text === text);
}

/** A file of the invalid corpus (`/work/shared/corpus/convox-invalid/<name>`). */
export function invalidCorpus(name: string): string {
  return readFileSync(path.join(CORPUS, 'convox-invalid', name), 'utf8');
}

export function corpus(relative: string): string {
  return readFileSync(path.join(CORPUS, relative), 'utf8');
}

export const lines = (...text: string[]) => text.join('\n') + '\n';
