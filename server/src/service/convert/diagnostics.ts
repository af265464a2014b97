import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { ConvoxDiagnostic, docsUrl, Severity } from '../diagnostics/rule';
import { isSuppressed, suppressedLines } from '../diagnostics/suppression';
import { FILE_TOO_LARGE, sizeLimit } from '../limits';
import type { ConvoxSettings } from '../settings';
import { convertCompose } from './compose';
import { CONVERSION_NOTE } from './note';
import type { ConversionNote, ReadFile } from './types';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const KIND_WORD: Record<ConversionNote['kind'], string> = {
  'converted-approximately': 'Converted approximately',
  dropped: 'Not converted',
  'manual-step': 'Manual step',
};

/**
 * Diagnostics for the notes of converting `text` (a compose file) that point into it. Honours
 * `"convox.rules": {"conversion-note": ...}` and `# convox-ignore conversion-note` like every other rule.
 */
export function conversionDiagnostics(fileName: string, text: string, settings: ConvoxSettings, readFile?: ReadFile): ConvoxDiagnostic[] {
  const override = settings.rules[CONVERSION_NOTE.code];
  if (!settings.validate.enable || override === 'off') return [];
  // Converting on every keystroke must not freeze the editor on a huge file.
  const tooLarge = sizeLimit(text, { consequence: 'converting it to convox.yml is not tried' });
  if (tooLarge) {
    const level = settings.rules[FILE_TOO_LARGE.code] ?? FILE_TOO_LARGE.severity;
    if (level === 'off') return [];
    const range = { start: { line: 0, character: tooLarge.start }, end: { line: 0, character: tooLarge.end } };
    return [{ range, severity: SEVERITY[level], code: FILE_TOO_LARGE.code, codeDescription: { href: docsUrl(FILE_TOO_LARGE.code) }, source: 'convox', message: tooLarge.message }];
  }
  let report: ConversionNote[];
  try {
    report = convertCompose(text, { fileName, readFile, reportOnly: true }).report;
  } catch {
    // The conversion is an aid: a bug in it must not take the compose file's other diagnostics down.
    return [];
  }
  const suppressions = suppressedLines(text);
  const severity = SEVERITY[(override ?? CONVERSION_NOTE.severity) as Severity];
  return report
    .filter((note) => note.file === undefined && note.path !== '' && !isSuppressed(suppressions, note.range.start.line, CONVERSION_NOTE.code))
    .map((note) => ({
      range: note.range,
      severity,
      code: CONVERSION_NOTE.code,
      codeDescription: { href: docsUrl(CONVERSION_NOTE.code) },
      source: 'convox',
      message: `${KIND_WORD[note.kind]}: ${note.message}`,
      data: { kind: note.kind, path: note.path },
    }));
}
