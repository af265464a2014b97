import { parseInterpolation, Segment } from '../compose/interpolation';
import { Session } from './session';
import type { CValue } from './tree';

/**
 * A compose string rewritten for convox.yml. Compose substitutes `${VAR}` from the shell that runs it; Convox
 * substitutes `${VAR}` (braces only, no defaults) in the whole manifest from the app environment when it builds
 * and promotes. So: `${VAR:-x}` becomes `x`, `$VAR` and `${VAR}` become `${VAR}`, `$$` becomes `$`.
 */
export interface Rewritten {
  text: string;
  /** Variables written as `${VAR}` for Convox to substitute. */
  kept: string[];
  /** Variables replaced by their compose default. */
  defaulted: { raw: string; value: string }[];
  /** `${VAR:+x}` forms dropped (they would only apply when VAR is set). */
  alternates: string[];
  /** The result holds a literal `${` (from `$${`) that Convox would substitute. */
  literalInterpolation: boolean;
  invalid: boolean;
}

export function rewrite(input: string): Rewritten {
  const result: Rewritten = { text: '', kept: [], defaulted: [], alternates: [], literalInterpolation: false, invalid: false };
  const segments = parseInterpolation(input);
  if (!segments) {
    result.text = input;
    result.invalid = true;
    return result;
  }
  result.text = render(segments, result);
  return result;
}

function render(segments: Segment[], result: Rewritten): string {
  let out = '';
  for (const segment of segments) {
    if (segment.kind === 'text') {
      if (segment.text.includes('${')) result.literalInterpolation = true;
      out += segment.text;
      continue;
    }
    switch (segment.operator) {
      case ':-':
      case '-': {
        const value = render(segment.argument ?? [], result);
        result.defaulted.push({ raw: segment.raw, value });
        out += value;
        break;
      }
      case ':+':
      case '+':
        result.alternates.push(segment.raw);
        break;
      default:
        if (!result.kept.includes(segment.name)) result.kept.push(segment.name);
        out += `\${${segment.name}}`;
    }
  }
  return out;
}

/** The sentences explaining a rewrite (empty when the text is unchanged in meaning). */
export function rewriteNotes(rewritten: Rewritten): string[] {
  const notes: string[] = [];
  if (rewritten.invalid) notes.push('The value has an interpolation docker compose cannot parse; it is copied as written.');
  const seen = new Set<string>();
  for (const { raw, value } of rewritten.defaulted) {
    if (seen.has(raw)) continue;
    seen.add(raw);
    notes.push(`${raw} became its default ${JSON.stringify(value)}: Convox has no default syntax and does not read your shell.`);
  }
  if (rewritten.kept.length) {
    const names = rewritten.kept.map((name) => `\${${name}}`).join(', ');
    notes.push(`${names} ${rewritten.kept.length === 1 ? 'is' : 'are'} substituted by Convox from the app environment when it builds and promotes (set ${rewritten.kept.length === 1 ? 'it' : 'them'} with convox env set; unset means empty), not from your shell.`);
  }
  for (const raw of rewritten.alternates) notes.push(`${raw} was dropped: it only applies when the variable is set in your shell.`);
  if (rewritten.literalInterpolation) notes.push('The value holds a literal "${", which Convox would substitute (there is no escape): change it by hand.');
  return notes;
}

/**
 * A scalar's text rewritten for convox.yml, with a note at its place when the rewrite changed its meaning.
 * Undefined for lists, maps and null.
 */
export function stringValue(session: Session, value: CValue | undefined, path: string): string | undefined {
  if (!value || value.kind !== 'scalar' || value.value === null) return undefined;
  if (typeof value.value !== 'string') return value.text;
  const rewritten = rewrite(value.value);
  for (const name of rewritten.kept) session.variables.add(name);
  const notes = rewriteNotes(rewritten);
  if (notes.length) session.note(rewritten.invalid || rewritten.literalInterpolation ? 'manual-step' : 'converted-approximately', path, value.span, notes.join(' '));
  return rewritten.text;
}
