import { Composer, CST, Document, Parser } from 'yaml';

/**
 * `parseAllDocuments` that never composes a document nesting deeper than `maxDepth`. yaml's composer recurses once
 * per level: a few thousand `[` exhaust the stack, and when that happens while V8 compiles a regular expression the
 * process dies outright ("RegExpCompiler Allocation failed"), so catching the RangeError is not enough. The concrete
 * syntax tree is built without recursion; each document's tree is measured (also without recursion) before it is
 * composed, and a document past `maxDepth` stops the parse. `collect`, when given, receives that tree's top-level tokens.
 */
export function parseAllDocumentsBounded(text: string, options: object, maxDepth: number, collect?: CST.Token[]): { docs: Document.Parsed[] } | { tooDeep: number } {
  // yaml makes an Error for each problem it finds, tens of thousands in a garbled file; their stack traces, which
  // nothing reads, would double the time of such a parse.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  const collected = collect?.length;
  try {
    return parseBounded(text, options, maxDepth, collect);
  } catch (error) {
    // A failure of yaml itself, which should not happen: parse again with stack traces, so the error that reaches
    // the log says where it was thrown.
    Error.stackTraceLimit = stackTraceLimit;
    if (collect) collect.length = collected!;
    return parseBounded(text, options, maxDepth, collect);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

function parseBounded(text: string, options: object, maxDepth: number, collect?: CST.Token[]): { docs: Document.Parsed[] } | { tooDeep: number } {
  const composer = new Composer(options);
  let deep: number | undefined;
  function* measured(tokens: Generator<CST.Token>): Generator<CST.Token> {
    for (const token of tokens) {
      deep = tooDeep(token, maxDepth);
      if (deep !== undefined) return;
      collect?.push(token);
      yield token;
    }
  }
  const parser = new Parser();
  let docs: Document.Parsed[];
  try {
    docs = Array.from(composer.compose(measured(parser.parse(text)))) as Document.Parsed[];
  } catch (error) {
    const overflow = stackOverflowAt(error, parser, text);
    if (overflow === undefined) throw error;
    return { tooDeep: overflow };
  }
  if (deep !== undefined) return { tooDeep: deep };
  return { docs };
}

/**
 * yaml's parser (which builds the concrete syntax tree) recurses too, once per open level it closes at a time; block
 * levels cost a few characters each when lone CRs (not line breaks in YAML 1.2) keep every key on one long line.
 * Its stack overflow is caught and reported at the offset it reached; it runs no regular expressions, so it cannot
 * take the process down the way the composer could.
 */
function stackOverflowAt(error: unknown, parser: Parser, text: string): number | undefined {
  if (!(error instanceof RangeError) || !/call stack/i.test(error.message)) return undefined;
  return Math.max(0, Math.min(parser.offset, text.length));
}

/** The offset of the first collection nested deeper than `maxDepth` in a CST token, or undefined. */
export function tooDeep(root: CST.Token, maxDepth: number): number | undefined {
  const stack: [CST.Token | null | undefined, number][] = [[root, 0]];
  while (stack.length) {
    const [token, depth] = stack.pop()!;
    if (!token) continue;
    if (token.type === 'document') {
      stack.push([token.value, depth]);
      continue;
    }
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    if (depth + 1 > maxDepth) return token.offset;
    for (const item of token.items) {
      const entry = item as CST.CollectionItem;
      stack.push([entry.value, depth + 1], [entry.key, depth + 1]);
    }
  }
  return undefined;
}
