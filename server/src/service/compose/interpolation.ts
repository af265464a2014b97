/**
 * Compose interpolation as the compose spec defines it (compose-go `template`): `$VAR`, `${VAR}`, `${VAR:-default}`
 * (unset or empty), `${VAR-default}` (unset), `${VAR:?error}` / `${VAR?error}` (required), `${VAR:+alt}` /
 * `${VAR+alt}` (replacement when set), defaults that nest (`${A:-${B}}`), and `$$` for a literal `$`. Docker compose
 * applies it to every string value after YAML parsing (never to keys).
 */

export type Operator = ':-' | '-' | ':?' | '?' | ':+' | '+';

export type Segment =
  | { kind: 'text'; text: string }
  | {
      kind: 'variable';
      name: string;
      /** True for `${NAME...}`, false for `$NAME`. */
      braced: boolean;
      operator?: Operator;
      /** The default, error message or replacement after the operator (itself interpolated). */
      argument?: Segment[];
      /** The text as written, e.g. `${PORT:-3000}`. */
      raw: string;
    };

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/**
 * The segments of a value, or undefined when it has a `${` compose cannot parse (docker compose then fails with
 * "invalid interpolation format").
 */
export function parseInterpolation(input: string): Segment[] | undefined {
  const result = parse(input, 0, false);
  return result && result.end === input.length ? result.segments : undefined;
}

/** True when the value refers to a variable (so its value is only known where compose runs). */
export function hasVariables(input: string): boolean {
  return parseInterpolation(input)?.some((segment) => segment.kind === 'variable') ?? false;
}

/**
 * The value compose would use with the variables `lookup` knows (an unknown variable is unset). Undefined when
 * the syntax is invalid or a required variable (`${VAR:?msg}`) is missing.
 */
export function interpolate(input: string, lookup: (name: string) => string | undefined): string | undefined {
  const segments = parseInterpolation(input);
  return segments ? render(segments, lookup) : undefined;
}

function render(segments: Segment[], lookup: (name: string) => string | undefined): string | undefined {
  let out = '';
  for (const segment of segments) {
    if (segment.kind === 'text') {
      out += segment.text;
      continue;
    }
    const value = lookup(segment.name);
    const unset = value === undefined;
    const empty = unset || value === '';
    const argument = () => render(segment.argument ?? [], lookup);
    switch (segment.operator) {
      case undefined:
        out += value ?? '';
        break;
      case ':-':
      case '-': {
        const useDefault = segment.operator === ':-' ? empty : unset;
        const text = useDefault ? argument() : value;
        if (text === undefined) return undefined;
        out += text;
        break;
      }
      case ':?':
      case '?':
        if (segment.operator === ':?' ? empty : unset) return undefined;
        out += value;
        break;
      case ':+':
      case '+': {
        const replace = segment.operator === ':+' ? !empty : !unset;
        const text = replace ? argument() : '';
        if (text === undefined) return undefined;
        out += text;
        break;
      }
    }
  }
  return out;
}

interface Parsed {
  segments: Segment[];
  end: number;
}

/** Parses from `start` up to the end of the text, or (inside a `${...}` argument) up to its closing brace. */
function parse(input: string, start: number, nested: boolean): Parsed | undefined {
  const segments: Segment[] = [];
  let text = '';
  let i = start;
  const flush = () => {
    if (text) segments.push({ kind: 'text', text });
    text = '';
  };
  while (i < input.length) {
    const char = input[i];
    if (nested && char === '}') break;
    if (char !== '$') {
      text += char;
      i++;
      continue;
    }
    const next = input[i + 1];
    if (next === '$') {
      text += '$';
      i += 2;
    } else if (next === '{') {
      const close = braced(input, i);
      if (!close) return undefined;
      flush();
      segments.push(close.segment);
      i = close.end;
    } else if (next !== undefined && NAME_START.test(next)) {
      let j = i + 1;
      while (j < input.length && NAME_CHAR.test(input[j])) j++;
      flush();
      segments.push({ kind: 'variable', name: input.slice(i + 1, j), braced: false, raw: input.slice(i, j) });
      i = j;
    } else {
      // A lone `$` (end of text, `$ `, `$1`): compose keeps it as written.
      text += '$';
      i++;
    }
  }
  flush();
  return { segments, end: i };
}

function braced(input: string, start: number): { segment: Segment; end: number } | undefined {
  let j = start + 2;
  if (!NAME_START.test(input[j] ?? '')) return undefined;
  while (j < input.length && NAME_CHAR.test(input[j])) j++;
  const name = input.slice(start + 2, j);
  if (input[j] === '}') return { segment: { kind: 'variable', name, braced: true, raw: input.slice(start, j + 1) }, end: j + 1 };
  const operator = (['-', '?', '+'] as const).map((op) => (input[j] === ':' && input[j + 1] === op ? (`:${op}` as Operator) : input[j] === op ? op : undefined)).find(Boolean);
  if (!operator) return undefined;
  const argument = parse(input, j + operator.length, true);
  if (!argument || input[argument.end] !== '}') return undefined;
  return { segment: { kind: 'variable', name, braced: true, operator, argument: argument.segments, raw: input.slice(start, argument.end + 1) }, end: argument.end + 1 };
}
