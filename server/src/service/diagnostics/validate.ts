import { DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver-types';
import { CHECKS } from '../checks';
import type { ManifestDocument } from '../document';
import type { ManifestKind } from '../files';
import { FILE_TOO_LARGE, TOO_DEEPLY_NESTED } from '../limits';
import { INVALID_ENCODING, invalidEncoding } from '../text/decode';
import { GEN1_CHECKS } from '../gen1';
import { CONVERSION_NOTE } from '../convert/note';
import type { ConvoxSettings } from '../settings';
import type { WorkspaceFiles } from '../workspace/files';
import { Check, CheckContext, ConvoxDiagnostic, docsUrl, Finding, RuleInfo, Severity } from './rule';
import { isSuppressed, suppressedLines } from './suppression';

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Reported instead of crashing when a check throws: the other checks' findings still arrive. */
const INTERNAL_ERROR: RuleInfo = { code: 'internal-error', severity: 'error', title: 'A check failed on this file (a bug in convox-yml)' };

/** The checks of each kind of manifest: convox.yml, or a Gen1 docker-compose.yml. */
const CHECKS_BY_KIND: Record<ManifestKind, readonly Check[]> = { convox: CHECKS, gen1: GEN1_CHECKS };

/** Every rule any check can report, by code. */
export const RULES: ReadonlyMap<string, RuleInfo> = new Map(
  [...CHECKS, ...GEN1_CHECKS].flatMap((check) => check.rules).concat(INTERNAL_ERROR, CONVERSION_NOTE, FILE_TOO_LARGE, TOO_DEEPLY_NESTED, INVALID_ENCODING).map((rule) => [rule.code, rule]),
);

export interface ValidateOptions {
  /** `convox` (default) for a convox.yml, `gen1` for a Gen1 docker-compose.yml. */
  kind?: ManifestKind;
  /** Files the checks may read besides the manifest (Dockerfiles, nginx configs); none when absent. */
  workspace?: WorkspaceFiles;
  /** Where the file's bytes stopped being UTF-8, when the caller read them (text/decode.ts). */
  invalidUtf8At?: number;
}

/**
 * All diagnostics of one manifest version: runs every check, then applies `# convox-ignore` comments and the
 * user's per-rule severities. Pure: the server, the CLI and the tests call exactly this.
 */
export function validateManifest(document: ManifestDocument, settings: ConvoxSettings, options: ValidateOptions = {}): ConvoxDiagnostic[] {
  const steps = validationSteps(document, settings, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * validateManifest one check at a time: the server yields to incoming messages between steps and drops the work
 * when a newer version of the document has arrived meanwhile.
 */
export function* validationSteps(document: ManifestDocument, settings: ConvoxSettings, options: ValidateOptions = {}): Generator<void, ConvoxDiagnostic[], void> {
  const kind = options.kind ?? 'convox';
  if (!settings.validate.enable) return [];
  const findings: Finding[] = [];
  // Too large to parse, or nested too deeply to walk: the checks see an empty document (plus syntax errors).
  if (document.limit) findings.push({ code: document.limit.code, location: { start: document.limit.start, end: document.limit.end }, message: document.limit.message });
  if (options.invalidUtf8At !== undefined) findings.push(invalidEncoding(options.invalidUtf8At));
  const context: CheckContext = { document, settings, workspace: options.workspace, report: (finding) => findings.push(finding) };
  for (const check of CHECKS_BY_KIND[kind]) {
    if (check.rules.every((rule) => settings.rules[rule.code] === 'off')) continue;
    yield;
    try {
      check.run(context);
    } catch (error) {
      // A bug in one check must not take the others (or the server) down; say so where the user looks.
      findings.push({
        code: INTERNAL_ERROR.code,
        location: { start: 0, end: 0 },
        message: `convox-yml could not finish the ${check.rules.map((r) => r.code).join('/')} check: ${(error as Error).message}. Please report this with the manifest.`,
      });
    }
  }
  return toDiagnostics(document, findings, settings);
}

/**
 * Findings as LSP diagnostics of one text (a manifest, or another file such as an nginx config): applies the user's
 * severities and the text's `# convox-ignore` comments, drops duplicates, sorts by position.
 */
export function toDiagnostics(document: Pick<ManifestDocument, 'text' | 'range'>, findings: Finding[], settings: ConvoxSettings): ConvoxDiagnostic[] {
  const suppressions = suppressedLines(document.text);
  const seen = new Set<string>();
  const diagnostics: ConvoxDiagnostic[] = [];
  for (const finding of findings) {
    const override = settings.rules[finding.code];
    if (override === 'off') continue;
    const severity: Severity = override ?? finding.severity ?? RULES.get(finding.code)?.severity ?? 'error';
    const range = document.range(finding.location.start, finding.location.end);
    if (isSuppressed(suppressions, range.start.line, finding.code)) continue;
    const key = `${finding.code}:${finding.location.start}:${finding.location.end}:${finding.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const diagnostic: ConvoxDiagnostic = {
      range,
      severity: LSP_SEVERITY[severity],
      code: finding.code,
      source: 'convox',
      message: finding.message,
    };
    if (RULES.has(finding.code)) diagnostic.codeDescription = { href: docsUrl(finding.code) };
    if (finding.data !== undefined) diagnostic.data = finding.data;
    if (finding.related?.length) diagnostic.relatedInformation = finding.related;
    if (finding.unnecessary) diagnostic.tags = [DiagnosticTag.Unnecessary];
    diagnostics.push(diagnostic);
  }
  return diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
