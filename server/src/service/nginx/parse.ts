/**
 * nginx configuration syntax, read the way nginx's own `ngx_conf_read_token` reads it: directives are words ended by
 * `;` or followed by a `{ ... }` block; `#` starts a comment only at the start of a word; single- and double-quoted
 * strings take backslash escapes; `${var}` keeps its braces inside a word; `}` does not end a word. Lua code in
 * `*_by_lua_block { ... }` is skipped as Lua, not read as directives. Never throws: problems are collected in
 * `errors` and parsing goes on.
 */

export interface NginxArg {
  /** The word with quotes removed and escapes applied, as nginx sees it. */
  value: string;
  /** Offsets of the word in the text, quotes included. */
  start: number;
  end: number;
  quote?: '"' | "'";
}

export interface NginxDirective {
  name: string;
  /** Offset of the name. */
  start: number;
  nameEnd: number;
  args: NginxArg[];
  /** Offset just past the `;` or the block's `}` (or where the text ran out). */
  end: number;
  /** The directives of its `{ ... }` block; undefined for a simple directive. Empty for Lua blocks. */
  block?: NginxDirective[];
}

export interface NginxParseError {
  message: string;
  start: number;
  end: number;
}

export interface NginxConfig {
  text: string;
  directives: NginxDirective[];
  errors: NginxParseError[];
}

type TokenKind = 'word' | ';' | '{' | '}' | 'eof';

interface Token {
  kind: TokenKind;
  value: string;
  start: number;
  end: number;
  quote?: '"' | "'";
}

const SPACE = new Set([' ', '\t', '\r', '\n']);

/** nginx's escapes: `\"`, `\'` and `\\` drop the backslash; `\t`, `\r`, `\n` become the control character. */
export function unescapeNginx(raw: string): string {
  if (!raw.includes('\\')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === '\\' && i + 1 < raw.length) {
      const next = raw[i + 1];
      if (next === '"' || next === "'" || next === '\\') {
        out += next;
        i++;
        continue;
      }
      if (next === 't' || next === 'r' || next === 'n') {
        out += next === 't' ? '\t' : next === 'r' ? '\r' : '\n';
        i++;
        continue;
      }
    }
    out += ch;
  }
  return out;
}

class Tokenizer {
  pos = 0;
  constructor(
    private readonly text: string,
    private readonly errors: NginxParseError[],
  ) {}

  next(): Token {
    const text = this.text;
    for (;;) {
      while (this.pos < text.length && SPACE.has(text[this.pos])) this.pos++;
      if (this.pos >= text.length) return { kind: 'eof', value: '', start: text.length, end: text.length };
      if (text[this.pos] !== '#') break;
      while (this.pos < text.length && text[this.pos] !== '\n') this.pos++;
    }
    const start = this.pos;
    const ch = text[start];
    if (ch === ';' || ch === '{' || ch === '}') {
      this.pos++;
      return { kind: ch, value: ch, start, end: this.pos };
    }
    if (ch === '"' || ch === "'") return this.quoted(ch);
    return this.word();
  }

  private quoted(quote: '"' | "'"): Token {
    const text = this.text;
    const start = this.pos;
    let i = start + 1;
    while (i < text.length && text[i] !== quote) i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) {
      this.errors.push({ message: `unterminated ${quote === '"' ? 'double' : 'single'}-quoted string`, start, end: text.length });
      this.pos = text.length;
      return { kind: 'word', value: unescapeNginx(text.slice(start + 1)), start, end: text.length, quote };
    }
    this.pos = i + 1;
    const after = text[this.pos];
    // nginx wants a space, `;`, `{` or `)` after a closing quote.
    if (after !== undefined && !SPACE.has(after) && after !== ';' && after !== '{' && after !== ')') {
      this.errors.push({ message: `unexpected "${after}" after a quoted string`, start: this.pos, end: this.pos + 1 });
    }
    return { kind: 'word', value: unescapeNginx(text.slice(start + 1, i)), start, end: this.pos, quote };
  }

  private word(): Token {
    const text = this.text;
    const start = this.pos;
    let i = start;
    while (i < text.length) {
      const ch = text[i];
      if (ch === '\\') {
        i += 2;
        continue;
      }
      if (SPACE.has(ch) || ch === ';') break;
      // `${name}`: the brace after `$` belongs to the variable, not a block.
      if (ch === '{' && !(i > start && text[i - 1] === '$')) break;
      i++;
    }
    i = Math.min(i, text.length);
    this.pos = i;
    return { kind: 'word', value: unescapeNginx(text.slice(start, i)), start, end: i };
  }

  /**
   * Skips the body of a `*_by_lua_block` (the `{` is already read): Lua strings, long brackets and `--` comments
   * may hold braces. Returns the offset past the closing `}`.
   */
  skipLua(): number {
    const text = this.text;
    let depth = 1;
    let i = this.pos;
    while (i < text.length) {
      const ch = text[i];
      if (ch === '-' && text[i + 1] === '-') {
        const long = /^--\[(=*)\[/.exec(text.slice(i, i + 64));
        if (long) {
          const close = text.indexOf(`]${long[1]}]`, i + long[0].length);
          i = close === -1 ? text.length : close + long[1].length + 2;
        } else {
          while (i < text.length && text[i] !== '\n') i++;
        }
        continue;
      }
      if (ch === '[') {
        const long = /^\[(=*)\[/.exec(text.slice(i, i + 64));
        if (long) {
          const close = text.indexOf(`]${long[1]}]`, i + long[0].length);
          i = close === -1 ? text.length : close + long[1].length + 2;
          continue;
        }
      }
      if (ch === '"' || ch === "'") {
        i++;
        while (i < text.length && text[i] !== ch && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
        i++;
        continue;
      }
      if (ch === '{') depth++;
      else if (ch === '}' && --depth === 0) {
        this.pos = i + 1;
        return this.pos;
      }
      i++;
    }
    this.errors.push({ message: 'unexpected end of file, expecting "}" to close a Lua block', start: text.length, end: text.length });
    this.pos = text.length;
    return this.pos;
  }
}

/** Blocks nested deeper than this are skipped (real configs nest a handful): parsing and the walks recurse per level. */
const MAX_BLOCK_DEPTH = 64;

export function parseNginx(text: string): NginxConfig {
  const errors: NginxParseError[] = [];
  const tokens = new Tokenizer(typeof text === 'string' ? text : '', errors);
  let pending: Token | undefined;
  const take = () => {
    const token = pending ?? tokens.next();
    pending = undefined;
    return token;
  };

  /** Past MAX_BLOCK_DEPTH: the rest of the block is read without recursion and left out. */
  const skipBlock = (opener: Token): void => {
    errors.push({ message: `blocks nested more than ${MAX_BLOCK_DEPTH} levels deep: not checked`, start: opener.start, end: opener.end });
    for (let open = 1; open > 0; ) {
      const token = take();
      if (token.kind === 'eof') return;
      if (token.kind === '{') open++;
      else if (token.kind === '}') open--;
    }
  };

  const block = (depth: number, opener?: Token): NginxDirective[] => {
    if (opener && depth > MAX_BLOCK_DEPTH) {
      skipBlock(opener);
      return [];
    }
    const directives: NginxDirective[] = [];
    for (;;) {
      const token = take();
      if (token.kind === 'eof') {
        if (opener) errors.push({ message: 'unexpected end of file, expecting "}"', start: opener.start, end: opener.end });
        return directives;
      }
      if (token.kind === '}') {
        if (depth > 0) return directives;
        errors.push({ message: 'unexpected "}"', start: token.start, end: token.end });
        continue;
      }
      if (token.kind === ';') {
        errors.push({ message: 'unexpected ";"', start: token.start, end: token.end });
        continue;
      }
      if (token.kind === '{') {
        errors.push({ message: 'unexpected "{"', start: token.start, end: token.end });
        block(depth + 1, token);
        continue;
      }
      directives.push(directive(token, depth));
    }
  };

  const directive = (name: Token, depth: number): NginxDirective => {
    const result: NginxDirective = { name: name.value, start: name.start, nameEnd: name.end, args: [], end: name.end };
    for (;;) {
      const token = take();
      if (token.kind === 'word') {
        result.args.push({ value: token.value, start: token.start, end: token.end, ...(token.quote ? { quote: token.quote } : {}) });
        result.end = token.end;
        continue;
      }
      if (token.kind === ';') {
        result.end = token.end;
        return result;
      }
      if (token.kind === '{') {
        if (/_by_lua_block$/.test(result.name)) {
          result.block = [];
          result.end = tokens.skipLua();
          return result;
        }
        result.block = block(depth + 1, token);
        result.end = tokens.pos;
        return result;
      }
      // `}` or the end of the text before the `;`: report it and let the enclosing block see the token.
      errors.push({ message: `directive "${result.name}" is not terminated by ";"`, start: result.start, end: result.end });
      pending = token;
      return result;
    }
  };

  const directives = block(0);
  return { text, directives, errors };
}

/** Every directive of a tree, depth first, with its enclosing directives (outermost first). */
export function* walkNginx(directives: readonly NginxDirective[], parents: NginxDirective[] = []): Generator<[NginxDirective, NginxDirective[]]> {
  for (const directive of directives) {
    yield [directive, parents];
    if (directive.block) yield* walkNginx(directive.block, [...parents, directive]);
  }
}
