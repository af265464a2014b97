import { Range } from 'vscode-languageserver-types';
import { Document, Node, parseAllDocuments, ScalarTag, SchemaOptions } from 'yaml';
import { buildModel, ManifestModel } from './model';
import { applyNestingLimit, DocumentLimit, MAX_NESTING_DEPTH, nestingLimit, sizeLimit } from './limits';
import { hasLoneCarriageReturn, withLoneCarriageReturnsAsLineFeeds } from './text/lineBreaks';
import { hasYamlV2Characters } from './text/yamlV2Characters';
import { LineIndex } from './text/lineIndex';
import { changedSpan, reparse } from './yaml/incremental';
import { parseAllDocumentsBounded } from './yaml/parse';
import { resolveAlias } from './yaml/structure';
import { PlainTree, toPlain } from './yaml/toPlain';

/**
 * Scalars as yaml.v2 (Convox's parser) resolves them: YAML 1.1 booleans, octals and merge keys, but no sexagesimal
 * numbers (`5000:50` stays a string), no timestamps, `.` is a string, not a float, and `!!binary` is base64 text.
 */
function yamlV2Tags(tags: TagList): TagList {
  return tags
    .filter((tag) => !(typeof tag === 'object' && (tag.format === 'TIME' || tag.tag === 'tag:yaml.org,2002:timestamp')))
    .map((tag) => {
      if (typeof tag !== 'object') return tag;
      if (tag.tag === 'tag:yaml.org,2002:float' && !tag.format && tag.test?.source.endsWith('\\.[0-9_]*$')) return { ...tag, test: /^[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)$/ };
      if (tag.tag === 'tag:yaml.org,2002:binary') return { ...(tag as ScalarTag), resolve: resolveBinary };
      return tag;
    });
}

/** Standard base64 with padding, as Go's `base64.StdEncoding` decodes it (line breaks aside). */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * `!!binary`: yaml.v2 decodes the base64 into the string field it fills, and fails on anything else. `yaml`'s own
 * tag differs between its builds (Node's Buffer accepts any text, `atob` in the bundled build throws on some), so
 * the bundled server and the tests would disagree; this one is the same everywhere.
 */
function resolveBinary(source: string, onError: (message: string) => void): string {
  const text = source.replace(/[\r\n]/g, '');
  if (!BASE64.test(text)) {
    onError('!!binary value contains invalid base64 data: Convox cannot decode it');
    return source;
  }
  return Buffer.from(text, 'base64').toString('utf8');
}
type TagList = Exclude<NonNullable<SchemaOptions['customTags']>, (tags: never) => unknown>;

/** Parse options shared by everything that reads a manifest: Convox uses yaml.v2, i.e. YAML 1.1 with merge keys. */
// `prettyErrors: false`: yaml would append the line, column and source line to each message, of which only the first
// line is shown (checks/syntax.ts); appending costs time that grows with the line's length, for every problem (tens
// of thousands of them in a garbled file: seconds).
export const YAML_OPTIONS = { version: '1.1', merge: true, uniqueKeys: false, keepSourceTokens: false, prettyErrors: false, customTags: yamlV2Tags } as const;

/**
 * One version of a manifest, parsed once. Every capability (diagnostics, completion, hover, symbols, ...) reads
 * this object; nothing re-parses the text.
 */
export class ManifestDocument {
  /** The text with each lone carriage return read as a line feed (text/lineBreaks.ts). */
  readonly text: string;
  readonly lines: LineIndex;
  /** Whether the text holds characters yaml.v2 reads unlike the `yaml` library (text/yamlV2Characters.ts). */
  readonly hasYamlV2Characters: boolean;
  /** The first YAML document: the only one Convox reads. */
  readonly yaml: Document.Parsed;
  /** Documents after the first (reported, otherwise ignored as Convox does). */
  readonly extraDocuments: Document.Parsed[];
  private plainTree?: PlainTree;
  private manifestModel?: ManifestModel;
  /**
   * Set when the file is too large to parse or nests too deeply to walk (limits.ts): the document is then empty or
   * holds only its syntax errors, and validation reports this instead.
   */
  readonly limit?: DocumentLimit;

  /**
   * `previous`, the version this text was edited from, lets only the changed entries be parsed again
   * (yaml/incremental.ts); it gives up its tree, so it must not be read afterwards.
   */
  constructor(
    readonly uri: string,
    readonly version: number,
    text: string,
    previous?: ManifestDocument,
  ) {
    let span = previous && changedSpan(previous.text, text);
    // The previous version's text has none, so a lone CR can only be in the span that differs from it (or just
    // before it, having lost its LF): scanning all of a 300 KB text with CRLF line ends would cost every keystroke ~1 ms.
    if (hasLoneCarriageReturn(text, span ? Math.max(0, span.start - 1) : 0, span ? text.length - span.suffix : text.length)) {
      text = withLoneCarriageReturnsAsLineFeeds(text);
      span = previous && changedSpan(previous.text, text);
    }
    this.text = text;
    // Known from the previous version and the span that differs from it: a scan of 700 KB costs ~1 ms.
    this.hasYamlV2Characters = previous && span && !previous.hasYamlV2Characters ? hasYamlV2Characters(text, span.start, text.length - span.suffix) : hasYamlV2Characters(text);
    this.lines = previous && span ? LineIndex.edited(previous.lines, text, span.start, previous.text.length - span.suffix, text.length - span.suffix) : LineIndex.of(text);
    // The line index is derived from the previous version's (and needed anyway to place diagnostics): counting the
    // lines of a 300 KB text again cost every keystroke ~0.7 ms.
    this.limit = sizeLimit(text, { countLines: () => this.lines.lineCount });
    if (this.limit) {
      this.yaml = emptyDocument('');
      this.extraDocuments = [];
      return;
    }
    const spliced = previous && previous.extraDocuments.length === 0 ? reparse(previous.text, previous.yaml, text, YAML_OPTIONS, span) : undefined;
    if (spliced) {
      this.yaml = spliced;
      this.extraDocuments = [];
      this.limit = applyNestingLimit(spliced, text);
      return;
    }
    // Documents nesting too deeply are not composed at all: composing recurses once per level (yaml/parse.ts).
    const parsed = parseAllDocumentsBounded(text, YAML_OPTIONS, MAX_NESTING_DEPTH);
    if ('tooDeep' in parsed) {
      this.yaml = emptyDocument('');
      this.extraDocuments = [];
      this.limit = nestingLimit(text, parsed.tooDeep);
      return;
    }
    const list = parsed.docs;
    this.yaml = list[0] ?? emptyDocument(text);
    this.extraDocuments = list.slice(1);
    for (const doc of list) {
      const limit = applyNestingLimit(doc, text);
      this.limit ??= limit;
    }
  }

  /** The manifest as plain data (aliases and merges resolved), with the source of every value. */
  get plain(): PlainTree {
    return (this.plainTree ??= toPlain(this.yaml.contents as Node | null, (alias) => resolveAlias(this.yaml, alias)));
  }

  /** Services, resources, timers, balancers, configs and the references between them. */
  get model(): ManifestModel {
    return (this.manifestModel ??= buildModel(this));
  }

  /** An LSP range for two offsets, clamped to the document so it never points past its end. */
  range(start: number, end: number): Range {
    const length = this.text.length;
    const from = Math.max(0, Math.min(start, length));
    const to = Math.max(from, Math.min(end, length));
    return { start: this.lines.positionAt(from), end: this.lines.positionAt(to) };
  }

  /** The range of a node's value (without trailing comments or line breaks). */
  nodeRange(node: Node | null | undefined): Range {
    const [start, end] = node?.range ?? [0, 0];
    return this.range(start, end);
  }

  offsetAt(position: { line: number; character: number }): number {
    return this.lines.offsetAt(position);
  }
}

function emptyDocument(text: string): Document.Parsed {
  // An empty or comment-only file parses to no document; an empty map keeps every consumer on one code path.
  const [doc] = parseAllDocuments(text.trim() === '' ? '{}' : '{}\n', YAML_OPTIONS) as Document.Parsed[];
  doc.contents = null;
  return doc;
}

/**
 * Caches the parse of the latest version of each open document. A new version is parsed from the previous one:
 * only the entries an edit touched are parsed again.
 */
export class DocumentCache {
  private readonly byUri = new Map<string, ManifestDocument>();

  get(uri: string, version: number, text: () => string): ManifestDocument {
    const cached = this.byUri.get(uri);
    if (cached && cached.version === version) return cached;
    const parsed = new ManifestDocument(uri, version, text(), cached);
    this.byUri.set(uri, parsed);
    return parsed;
  }

  delete(uri: string): void {
    this.byUri.delete(uri);
  }
}
