import { MAX_NESTING_DEPTH } from '../limits';
import { parseAllDocumentsBounded } from './parse';
import { CST, Document, isAlias, isCollection, isMap, isPair, isScalar, Node, Pair, parseAllDocuments, Parser, YAMLError, YAMLMap } from 'yaml';

/**
 * Re-parsing only what an edit touched. A keystroke in a 15,000-line manifest changes one service; parsing that
 * service alone and splicing it into the previous tree gives exactly the tree a full parse of the new text gives
 * (test/unit/incremental.test.ts compares them, node by node, over thousands of random edits), at the cost of a few
 * lines instead of the whole file.
 *
 * A block map entry that starts on its own line at the map's indentation is parsed the same whether the parser
 * reaches it inside the file or as the start of a document of its own, as long as nothing before it reaches into it
 * and nothing in it reaches out. The units spliced are the entries of the root map or of one of its block-map
 * values (`services:` entries); every condition under which that argument could fail sends the caller back to a
 * full parse:
 * - more than one document, directives, document markers, flow or indented roots, tabs in indentation;
 * - lines of the changed entries outdented below the map, or starting a sequence/explicit key where an entry starts;
 * - comment lines at the end of the changed entries (the parser attaches them to the next key);
 * - syntax errors when the changed text holds a flow collection or a quoted scalar (an unclosed one would run on);
 * - errors elsewhere that overlap the changed entries.
 *
 * The previous document's tree is taken over: nodes after the edit are shifted in place (the maps that hold the
 * edit are copied), so the previous version's Document must not be read afterwards (DocumentCache keeps only the
 * newest version). `options` are the full parse's, with `prettyErrors: false` (document.ts): a message made while
 * parsing a chunk would name the chunk's lines.
 */
export function reparse(oldText: string, previous: Document.Parsed, text: string, options: object, span = changedSpan(oldText, text)): Document.Parsed | undefined {
  const root = previous.contents;
  if (!isMap(root) || root.flow || !root.range || previous.directives?.docStart || previous.errors.some((e) => e.pos[0] < 0) || previous.warnings.some((w) => w.pos[0] < 0)) return undefined;

  // The changed span: old [start, oldEnd) became new [start, newEnd).
  const { start, suffix } = span;
  const oldEnd = oldText.length - suffix;
  const delta = text.length - oldText.length;

  const top = units(oldText, root, 0, oldText.length);
  if (!top) return undefined;
  let chunk = pick(top, start, oldEnd);
  let parent: YAMLMap = root;
  let owner: Pair | undefined; // the top-level pair whose value map holds the chunk (level 2)
  if (chunk && chunk.first === chunk.last) {
    const pair = top[chunk.first].pair;
    const value = pair.value;
    if (isMap(value) && !value.flow && value.range && value.items.length) {
      const inner = units(oldText, value, undefined, top[chunk.first].end);
      const picked = inner && pick(inner, start, oldEnd);
      if (inner && picked) {
        chunk = { ...picked, list: inner };
        parent = value;
        owner = pair;
      }
    }
  }
  if (!chunk) return undefined;

  // An attempt parses the chunk, some twice (the old text too, after errors), and a failed one leaves the full parse
  // still to do: past the size of the text in all, the full parse alone is cheaper (a paste or a replace-all can
  // touch most of the file; six attempts at 45 KB of a 60 KB file took ~1 s, the full parse ~0.15 s). Below 64 KB
  // either is cheap, and a re-parse that succeeds keeps the unchanged entries' nodes (and what was derived from them).
  let budget = Math.max(text.length, 64 * 1024);
  for (let attempt = 0; attempt < 6; attempt++) {
    budget -= 2 * (chunk.list[chunk.last].end - chunk.list[chunk.first].start);
    if (budget < 0) return undefined;
    const result = splice(oldText, previous, text, options, chunk, parent, owner, top, delta);
    if (result === 'extend-forward' && chunk.last + 1 < chunk.list.length) chunk = { ...chunk, last: chunk.last + 1 };
    else if (result === 'guard' && chunk.last + 1 < chunk.list.length) chunk = { ...chunk, last: chunk.last + 1, guarded: true };
    else if (result === 'extend-back' && chunk.first > 0) chunk = { ...chunk, first: chunk.first - 1 };
    else return typeof result === 'string' ? undefined : result;
  }
  return undefined;
}

/**
 * The length of the texts' common prefix, and of their common suffix after it. Found by halving with `startsWith` and
 * `endsWith`, which compare natively: a loop over `charCodeAt` took ~4-8 ms per keystroke on a 300 KB text (the
 * editor's texts are concatenations, which V8 reads through an indirection per character).
 */
export function changedSpan(oldText: string, text: string): { start: number; suffix: number } {
  const min = Math.min(oldText.length, text.length);
  let low = 0;
  let high = min;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (oldText.startsWith(text.slice(low, mid), low)) low = mid;
    else high = mid - 1;
  }
  const start = low;
  low = 0;
  high = min - start;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (oldText.endsWith(text.slice(text.length - mid, text.length - low), oldText.length - low)) low = mid;
    else high = mid - 1;
  }
  return { start, suffix: low };
}

interface Unit {
  pair: Pair;
  /** Start of the key's line. */
  start: number;
  /** Start of the next entry's line, or the end of the enclosing region. */
  end: number;
  indent: number;
}

interface Chunk {
  list: Unit[];
  first: number;
  last: number;
  /**
   * The last entry is an unchanged one parsed along as a guard: after a syntax error the parser's recovery may
   * swallow the lines that follow (a key without its colon runs on into the next line), so an erroneous chunk is
   * only spliced when the entry after it still parses on its own, free of errors.
   */
  guarded?: boolean;
}

/** The entries of a block map as line regions that tile it; undefined when an entry does not start its own line. */
function units(text: string, map: YAMLMap, indent: number | undefined, regionEnd: number): Unit[] | undefined {
  const out: Unit[] = [];
  for (const pair of map.items) {
    const key = pair.key as Node | null;
    // An empty key (a line starting with `:`) is placed where the previous entry ended, not on its own line.
    if (!isScalar(key) || !key.range || key.range[0] === key.range[1] || key.anchor || key.tag) return undefined;
    const keyStart = key.range[0];
    const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
    const column = keyStart - lineStart;
    if ((indent !== undefined && column !== indent) || (out.length && column !== out[0].indent)) return undefined;
    for (let i = lineStart; i < keyStart; i++) if (text.charCodeAt(i) !== 32) return undefined;
    out.push({ pair, start: lineStart, end: regionEnd, indent: column });
  }
  for (let i = 0; i + 1 < out.length; i++) out[i].end = out[i + 1].start;
  return out.length ? out : undefined;
}

/** The entries whose regions meet the changed span; undefined when it starts before the first one. */
function pick(list: Unit[], start: number, end: number): Chunk | undefined {
  if (start < list[0].start) return undefined;
  let first = -1;
  let last = -1;
  for (let i = 0; i < list.length; i++) {
    if (list[i].start <= end && list[i].end >= start) {
      if (first < 0) first = i;
      last = i;
    }
  }
  return first < 0 ? undefined : { list, first, last };
}

type SpliceResult = Document.Parsed | 'fail' | 'extend-forward' | 'extend-back' | 'guard';

function splice(oldText: string, previous: Document.Parsed, text: string, options: object, chunk: Chunk, parent: YAMLMap, owner: Pair | undefined, top: Unit[], delta: number): SpliceResult {
  const { list, first, last } = chunk;
  const indent = list[0].indent;
  const chunkStart = list[first].start;
  const oldChunkEnd = list[last].end;
  const newChunkEnd = oldChunkEnd + delta;
  if (newChunkEnd <= chunkStart) return 'fail';
  const isFirst = first === 0;
  const isLast = last === list.length - 1;
  // A chunk that ends the file (or the section) must not be followed by trailing comments the parser would attach
  // differently; one that ends before the next entry must end with content (or blank lines) in old and new text.
  const newShape = shape(text, chunkStart, newChunkEnd, indent);
  const oldShape = shape(oldText, chunkStart, oldChunkEnd, indent);
  if (newShape === 'bad' || oldShape === 'bad') return 'fail';
  if (newShape === 'back' || oldShape === 'back' || newShape.leading) return 'extend-back';
  if (newShape.trailingComment || oldShape.trailingComment) return 'extend-forward';

  const chunkText = detached(text.slice(chunkStart, newChunkEnd));
  const tokens: CST.Token[] = [];
  const bounded = parseAllDocumentsBounded(chunkText, options, MAX_NESTING_DEPTH, tokens);
  if (!('docs' in bounded)) return 'fail'; // nested too deeply: the full parse reports it
  const docs = bounded.docs;
  if (docs.length !== 1) return 'fail';
  const part = docs[0];
  const map = part.contents;
  if (part.directives?.docStart) return 'fail';
  // Not a map of entries (a key still without its colon, say): maybe it is one with the entry after it.
  if (!isMap(map) || map.flow || !map.range || map.items.length === 0) return isLast ? 'fail' : 'guard';
  // A comment the map holds itself (its range then ends at that comment) belongs to the enclosing map in the file.
  if (part.commentBefore || part.comment || map.comment || map.range[2] !== map.range[1]) return 'fail';
  for (const pair of map.items) {
    const key = pair.key as Node | null;
    if (!isScalar(key) || !key.range || key.range[0] === key.range[1]) return 'fail';
    const lineStart = chunkText.lastIndexOf('\n', key.range[0] - 1) + 1;
    if (key.range[0] - lineStart !== indent) return 'fail';
  }
  const problems = [...part.errors, ...part.warnings];
  if (problems.some((e) => e.pos[0] < 0)) return 'fail';
  // The chunk's first line hands over from what precedes it: an error there may depend on that context.
  const firstLineEnd = (text.indexOf('\n', chunkStart) + 1 || text.length + 1) - chunkStart;
  const oldFirstLineEnd = oldText.indexOf('\n', chunkStart) + 1 || oldText.length + 1;
  if (part.errors.some((e) => e.pos[0] < firstLineEnd) || previous.errors.some((e) => e.pos[0] >= chunkStart && e.pos[0] < oldFirstLineEnd)) {
    return 'extend-back'; // parsed after the entry before it, the line is an inner one
  }
  if (part.errors.length || previous.errors.length) {
    // An unclosed bracket or quote runs on past any indentation, and the parser's recovery from it is not local.
    if (runsOn(tokens) || runsOn(new Parser().parse(oldText.slice(chunkStart, oldChunkEnd)))) return 'fail';
    if (isLast && owner) {
      // A section's last entry: recovering from an error there can attach what follows to the root. A made-up
      // entry after it must still come out as an entry of the section, with the same errors before it.
      const probe = `${chunkText}${chunkText.endsWith('\n') ? '' : '\n'}${' '.repeat(indent)}x: 0\n`;
      const [checked] = parseAllDocuments(probe, options) as Document.Parsed[];
      const items = isMap(checked?.contents) ? checked.contents.items : [];
      const probeKey = probe.length - 5;
      if ((items[items.length - 1]?.key as Node | undefined)?.range?.[0] !== probeKey || checked.errors.length !== part.errors.length) return 'fail';
    }
    if (!isLast) {
      // After a syntax error the parser's recovery may run on into the lines that follow (a key without its colon
      // continues on the next line, an unclosed bracket or quote past any indentation): the next entry is parsed
      // along, unchanged, and must come out as an entry of its own, free of errors.
      if (!chunk.guarded) return 'guard';
      const guardStart = list[last].start + delta - chunkStart;
      const guardKey = (list[last].pair.key as Node).range![0] + delta - chunkStart;
      // Swallowed (a key without its colon runs on into it) or reached by an error: it belongs to the edit.
      if (part.errors.some((e) => e.pos[1] > guardStart) || (map.items[map.items.length - 1].key as Node).range![0] !== guardKey) return 'guard';
    }
  }

  // Errors elsewhere mean the parser may have read the text around the chunk in a way that reaches into it: only
  // warnings (local by nature) may lie outside, wholly before or after it; those after move with the text.
  const keep = (list: YAMLError[], allowed: boolean): { before: YAMLError[] } | undefined => {
    const before: YAMLError[] = [];
    for (const error of list) {
      if (error.pos[0] >= chunkStart && error.pos[1] <= oldChunkEnd && error.pos[0] < oldChunkEnd) continue;
      if (!allowed) return undefined;
      // Before the chunk nothing changes; after it, messages would need the parser's own line count again.
      if (error.pos[1] <= chunkStart && error.pos[0] < chunkStart) before.push(error);
      else return undefined;
    }
    return { before };
  };
  // A key with no value at the very end reaches to the next token, beyond the chunk, and takes the blank lines
  // before it: parsed along with the next entry, it is an inner one.
  if (endsEmpty(map)) return isLast ? 'fail' : 'extend-forward';
  const errors = keep(previous.errors, false);
  const warnings = keep(previous.warnings, true);
  if (!errors || !warnings) return 'fail';

  // Commit. The previous version gives up its tree: the nodes after the chunk are shifted in place.
  for (const pair of map.items) shiftPair(pair, chunkStart);
  const firstKey = map.items[0].key as Node;
  const oldFirstKey = list[first].pair.key as Node;
  // What precedes the chunk is unchanged, so is what the parser attached from it to the first key.
  if (oldFirstKey.spaceBefore) firstKey.spaceBefore = true;
  else delete firstKey.spaceBefore;
  if (oldFirstKey.commentBefore !== undefined) firstKey.commentBefore = oldFirstKey.commentBefore;
  // The key after the chunk (the next entry, or the next top-level key after a section's last entry): a blank line
  // before it now or not.
  const ownerIndex = owner ? top.findIndex((unit) => unit.pair === owner) : -1;
  const following = !isLast ? list[last + 1] : owner ? top[ownerIndex + 1] : undefined;
  if (following) {
    const nextKey = following.pair.key as Node;
    if (newShape.trailingBlank) nextKey.spaceBefore = true;
    else delete nextKey.spaceBefore;
  }
  for (let i = last + 1; i < list.length; i++) shiftPair(list[i].pair, delta);

  // The maps that hold the chunk are copies, never changed in place: anything derived from a node (and kept by
  // node, as toPlain does) stays true for the nodes this version shares with the previous one.
  const section = copy(parent);
  section.items = [...parent.items];
  section.items.splice(first, last - first + 1, ...(map.items as Pair[]));
  const range = (section.range = [...parent.range!] as [number, number, number]);
  if (isFirst) range[0] = map.range[0] + chunkStart;
  let endsFile = false;
  if (isLast) {
    range[1] = map.range[1] + chunkStart;
    range[2] = map.range[2] + chunkStart;
  } else {
    range[1] += delta;
    range[2] += delta;
  }
  let root = section;
  if (owner) {
    // Level 2: the top-level entries after the owner move; the root ends where the owner's map ends if it is last.
    const previousRoot = previous.contents as YAMLMap;
    root = copy(previousRoot);
    root.items = [...previousRoot.items];
    const pair = copy(owner);
    pair.value = section;
    root.items[ownerIndex] = pair;
    for (let i = ownerIndex + 1; i < top.length; i++) shiftPair(top[i].pair, delta);
    const rootRange = (root.range = [...previousRoot.range!] as [number, number, number]);
    if (isLast && ownerIndex === top.length - 1) {
      rootRange[1] = range[2];
      rootRange[2] = range[2];
      endsFile = true;
    } else {
      rootRange[1] += delta;
      rootRange[2] += delta;
    }
  } else {
    endsFile = isLast;
  }

  const doc = copy(previous);
  doc.contents = root as Document.Parsed["contents"];
  const docRange = previous.range;
  doc.range = endsFile ? [docRange[0], root.range![2], part.range[2] + chunkStart] : [docRange[0], docRange[1] + delta, docRange[2] + delta];
  if (endsFile) doc.comment = part.comment;
  const moved = (list: YAMLError[]) =>
    list.map((error) => {
      error.pos = [error.pos[0] + chunkStart, error.pos[1] + chunkStart];
      return error;
    });
  doc.errors = [...errors.before, ...moved(part.errors)];
  doc.warnings = [...warnings.before, ...moved(part.warnings)];
  return doc;
}

/** A shallow copy with the same prototype and every own property (yaml marks node kinds with a hidden symbol). */
function copy<T extends object>(value: T): T {
  return Object.defineProperties(Object.create(Object.getPrototypeOf(value)) as T, Object.getOwnPropertyDescriptors(value));
}

/** True when the last node of a tree, in document order, is an empty value. */
function endsEmpty(node: unknown): boolean {
  for (;;) {
    if (isPair(node)) node = node.value;
    else if (isCollection(node) && node.items.length) node = node.items[node.items.length - 1];
    else return !node || (isScalar(node) && node.source === '') || (isCollection(node) && !node.flow);
  }
}

/** True when a text (its concrete syntax tree) leaves a flow collection or a quoted scalar open (or has error tokens holding one). */
function runsOn(tokens: Iterable<CST.Token>): boolean {
  const open = (token: CST.Token | null | undefined): boolean => {
    if (!token) return false;
    switch (token.type) {
      case 'document':
        return open(token.value);
      case 'block-map':
      case 'block-seq':
      case 'flow-collection': {
        if (token.type === 'flow-collection' && !token.end.some((end) => end.type === 'flow-map-end' || end.type === 'flow-seq-end')) return true;
        return token.items.some((item) => open(item.key) || open(item.value));
      }
      case 'double-quoted-scalar':
        return !/(^|[^\\])(\\\\)*"$/.test(token.source.slice(1));
      case 'single-quoted-scalar':
        return !/(^|[^'])('')*'$/.test(token.source.slice(1));
      case 'error':
        return /["'[\]{}]/.test(token.source);
      default:
        return false;
    }
  };
  for (const token of tokens) if (open(token)) return true;
  return false;
}

interface Shape {
  /** The chunk starts with a blank or comment line (the parser attaches those to what precedes). */
  leading: boolean;
  /** A comment line after the chunk's last content line. */
  trailingComment: boolean;
  /** A blank line after the chunk's last content line. */
  trailingBlank: boolean;
}

/**
 * The lines of a chunk: content never outdented below `indent`, the first line an entry at exactly `indent` (not a
 * sequence item or explicit key, which would continue the previous entry), no document markers or tabs.
 */
function shape(text: string, from: number, to: number, indent: number): Shape | 'bad' | 'back' {
  // A carriage return not followed by a line feed: how the parser splits such lines is not worth second-guessing.
  for (let cr = text.indexOf('\r', from); cr !== -1 && cr < to; cr = text.indexOf('\r', cr + 1)) if (text.charCodeAt(cr + 1) !== 10) return 'bad';
  let leading = false;
  let seenContent = false;
  let trailingComment = false;
  let trailingBlank = false;
  for (let lineStart = from; lineStart < to; ) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1 || lineEnd > to) lineEnd = to;
    let i = lineStart;
    while (i < lineEnd && text.charCodeAt(i) === 32) i++;
    const c = text.charCodeAt(i);
    if (c === 9) return 'bad'; // a tab in indentation
    const blank = i >= lineEnd || c === 13;
    const comment = c === 35; // '#'
    if (blank || comment) {
      if (!seenContent) leading = true;
      else if (comment) trailingComment = true;
      else trailingBlank = true;
    } else {
      const column = i - lineStart;
      if (column < indent) return 'bad';
      if (!seenContent) {
        // Not an entry of its own: it continues the one before (an edit where the prefix match ends mid-line).
        if (column !== indent) return 'back';
        const next = text.charCodeAt(i + 1);
        const spaceAfter = i + 1 >= lineEnd || next === 32 || next === 9 || next === 13;
        if ((c === 45 || c === 63 || c === 58) && spaceAfter) return 'back'; // '- ', '? ', ': '
      }
      if (column === 0) {
        const head = text.slice(i, i + 4);
        if (c === 37 || /^(---|\.\.\.)(\s|$)/.test(head)) return 'bad'; // directives and document markers
      }
      seenContent = true;
      trailingComment = false;
      trailingBlank = false;
    }
    lineStart = lineEnd + 1;
  }
  if (!seenContent) return 'bad';
  return { leading, trailingComment, trailingBlank };
}

function shiftPair(pair: Pair, delta: number): void {
  if (delta === 0) return;
  const stack: unknown[] = [pair.key, pair.value];
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    if (isPair(node)) {
      stack.push(node.key, node.value);
      continue;
    }
    const range = (node as Node).range;
    if (range) {
      range[0] += delta;
      range[1] += delta;
      range[2] += delta;
    }
    if (isCollection(node)) for (const item of node.items) stack.push(item);
    else if (!isScalar(node) && !isAlias(node)) return;
  }
}

/**
 * A copy of `text` that does not point into the string it was cut from. V8 keeps a slice of a long string as a view
 * of the whole one, and the nodes parsed from a chunk hold slices of it: without the copy, every version's whole
 * text stayed alive for as long as one node parsed from it did (a copy of the file for each entry ever edited).
 * UTF-16 both ways, so any string, lone surrogates included, comes back unchanged.
 */
function detached(text: string): string {
  return Buffer.from(text, 'utf16le').toString('utf16le');
}
