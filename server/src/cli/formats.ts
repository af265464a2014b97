import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { RULES } from '../service/diagnostics/validate';
import { ConvoxDiagnostic, docsUrl } from '../service/diagnostics/rule';

export interface FileResult {
  file: string;
  diagnostics: ConvoxDiagnostic[];
}

const SEVERITY_WORD: Record<number, string> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

export function countErrors(results: FileResult[]): number {
  return results.reduce((sum, result) => sum + result.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).length, 0);
}

/** `file:line:col: severity message [code]`, one per line, then a summary (the form editors' problem matchers read). */
export function formatText(results: FileResult[]): string {
  const lines: string[] = [];
  let warnings = 0;
  for (const { file, diagnostics } of results) {
    for (const d of diagnostics) {
      if (d.severity === DiagnosticSeverity.Warning) warnings++;
      lines.push(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${SEVERITY_WORD[d.severity ?? 1]} ${d.message} [${d.code}]`);
    }
  }
  const errors = countErrors(results);
  lines.push(`${results.length} file${results.length === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.`);
  return `${lines.join('\n')}\n`;
}

export function formatJson(results: FileResult[]): string {
  return `${JSON.stringify(
    results.map(({ file, diagnostics }) => ({
      file,
      diagnostics: diagnostics.map((d) => ({
        code: d.code,
        severity: SEVERITY_WORD[d.severity ?? 1],
        message: d.message,
        range: d.range,
        docs: d.codeDescription?.href,
      })),
    })),
    null,
    2,
  )}\n`;
}

const SARIF_LEVEL: Record<number, string> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'note',
  [DiagnosticSeverity.Hint]: 'note',
};

/** SARIF 2.1.0, as GitHub code scanning and other CI viewers read it. Paths are relative to the working directory. */
export function formatSarif(results: FileResult[], version: string): string {
  const used = [...new Set(results.flatMap((r) => r.diagnostics.map((d) => d.code)))].sort();
  const rules = used.map((code) => {
    const rule = RULES.get(code);
    return {
      id: code,
      shortDescription: { text: rule?.title ?? code },
      helpUri: docsUrl(code),
      defaultConfiguration: { level: SARIF_LEVEL[{ error: 1, warning: 2, information: 3, hint: 4 }[rule?.severity ?? 'error']] },
    };
  });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'convox-yml', version, informationUri: 'https://github.com/convox-yml/convox-yml', rules } },
        originalUriBaseIds: { SRCROOT: { uri: `${pathToFileURL(process.cwd()).href}/` } },
        columnKind: 'utf16CodeUnits',
        results: results.flatMap(({ file, diagnostics }) =>
          diagnostics.map((d) => ({
            ruleId: d.code,
            ruleIndex: used.indexOf(d.code),
            level: SARIF_LEVEL[d.severity ?? 1],
            message: { text: d.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: path.relative(process.cwd(), path.resolve(file)).split(path.sep).join('/'), uriBaseId: 'SRCROOT' },
                  region: {
                    startLine: d.range.start.line + 1,
                    startColumn: d.range.start.character + 1,
                    endLine: d.range.end.line + 1,
                    endColumn: d.range.end.character + 1,
                  },
                },
              },
            ],
          })),
        ),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
