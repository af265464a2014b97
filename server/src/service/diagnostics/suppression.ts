/**
 * `# convox-ignore <code> [<code> ...]` on the line above a finding silences it; without codes it silences every
 * finding on the next line. Codes may be separated by spaces or commas.
 */
const DIRECTIVE = /#\s*convox-ignore\b([^\n#]*)/;

export function suppressedLines(text: string): Map<number, Set<string> | 'all'> {
  const result = new Map<number, Set<string> | 'all'>();
  if (!text.includes('convox-ignore')) return result;
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((line, index) => {
    const match = DIRECTIVE.exec(line);
    if (!match) return;
    const codes = match[1].split(/[\s,]+/).filter(Boolean);
    result.set(index + 1, codes.length ? new Set(codes) : 'all');
  });
  return result;
}

export function isSuppressed(suppressions: Map<number, Set<string> | 'all'>, line: number, code: string): boolean {
  const entry = suppressions.get(line);
  return entry === 'all' || (entry !== undefined && entry.has(code));
}
