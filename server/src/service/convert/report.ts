import type { ConversionNote } from './types';

/** `file:line:col: kind message [path]`, one note per line (the form of `convox-yml lint` output). */
export function formatReport(fileName: string, report: readonly ConversionNote[]): string {
  return report.map((note) => `${note.file ?? fileName}:${note.line}:${note.range.start.character + 1}: ${note.kind} ${note.message}${note.path ? ` [${note.path}]` : ''}\n`).join('');
}
