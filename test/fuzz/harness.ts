import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import {
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  DidChangeTextDocumentNotification,
  DocumentLinkRequest,
  DocumentSymbolRequest,
  ErrorCodes,
  ExecuteCommandRequest,
  FoldingRangeRequest,
  HoverRequest,
  InlayHintRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  ResponseError,
} from 'vscode-languageserver-protocol';
import { convertCompose, convertProcfile } from '../../server/src/service/convert';
import { ManifestDocument } from '../../server/src/service/document';
import { validateManifest } from '../../server/src/service/diagnostics/validate';
import { complete } from '../../server/src/service/features/completion';
import { foldingRanges } from '../../server/src/service/features/folding';
import { hover } from '../../server/src/service/features/hover';
import { inlayHints } from '../../server/src/service/features/inlayHints';
import { documentLinks } from '../../server/src/service/features/links';
import { definition, prepareRename, references, rename, RenameError } from '../../server/src/service/features/navigation';
import { documentSymbols } from '../../server/src/service/features/symbols';
import { codeActions } from '../../server/src/service/fixes/codeActions';
import { ConvoxSettings, normalizeSettings } from '../../server/src/service/settings';
import { nodeWorkspace, WorkspaceFiles } from '../../server/src/service/workspace/files';
import { applyEdits } from '../helpers/edits';
import { TestClient } from '../helpers/lspClient';
import { tempWorkspace } from '../helpers/tempWorkspace';
import { Corpus, FuzzInput, mutate, nextInput } from './inputs';
import { Random } from './prng';

export interface FuzzOptions {
  seed: number;
  /** Documents run through the service functions directly (every feature, the checks, quick fixes, re-parsing). */
  documents: number;
  /** Documents driven through the real server over LSP (every request kind, then a burst of incremental edits). */
  lspDocuments: number;
  /** Compose files and Procfiles through the converter. */
  converterDocuments: number;
  /** Runs of the CLI on generated files (each is a process). */
  cliRuns: number;
  /** Include the 1 MB and 50,000-line documents (slow to send over LSP many times). */
  allowHuge: boolean;
  /** Longest a direct call may take (CPU time, ms) on a normal-sized document. */
  slowMs: number;
  /** Longest an LSP request may take to be answered (wall time, ms) on a normal-sized document. */
  lspSlowMs: number;
  /** Where failing inputs are written; none when undefined. */
  failuresDir?: string;
  /** Also write the slowest inputs there. */
  saveSlowest?: boolean;
  log?: (line: string) => void;
}

export interface Failure {
  kind: string;
  message: string;
  input: FuzzInput;
}

export interface FuzzStats {
  seed: number;
  documents: number;
  requests: number;
  answered: number;
  crashes: number;
  failures: Failure[];
  /** The slowest call on a normal-sized document (direct, CPU ms) and over LSP (wall ms). */
  slowest: { ms: number; what: string; input?: FuzzInput };
  slowestLsp: { ms: number; what: string; input?: FuzzInput };
  /** The slowest call on any document, however large or hostile. */
  slowestAny: { ms: number; what: string; input?: FuzzInput };
  /** The server's resident memory (MB, Linux only) after start-up, at the end, and at its peak. */
  serverMemory?: { start: number; end: number; peak: number };
}

/** VmRSS and VmHWM (peak) of a process in MB, from /proc (Linux); undefined elsewhere. */
function memoryOf(pid: number | undefined): { rss: number; peak: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
  } catch {
    return undefined;
  }
}

/** A "normal-sized" document: the one-second rule applies to these; larger ones only must not hang or crash. */
export const NORMAL_SIZE = 64 * 1024;

const SECRET = 'fuzz-secret-value-7f3a9c';

function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((line) => line.length);
}

/** Why `range` does not lie inside a text with these line lengths, or undefined when it does. */
export function rangeProblem(lengths: number[], range: Range | undefined): string | undefined {
  if (!range) return 'no range';
  const inside = (p: Position) => Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.line < lengths.length && p.character >= 0 && p.character <= lengths[p.line];
  if (!inside(range.start) || !inside(range.end)) return `range ${JSON.stringify(range)} is outside the document (${lengths.length} lines)`;
  if (range.start.line > range.end.line || (range.start.line === range.end.line && range.start.character > range.end.character)) return `range ${JSON.stringify(range)} ends before it starts`;
  return undefined;
}

function randomPosition(random: Random, lengths: number[]): Position {
  if (random.chance(0.05)) return { line: lengths.length + random.int(3), character: random.int(10) };
  const line = random.int(lengths.length);
  return { line, character: random.chance(0.2) ? lengths[line] : random.int(lengths[line] + 2) };
}

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

class Recorder {
  readonly stats: FuzzStats;
  private saved = 0;

  constructor(
    private readonly options: FuzzOptions,
  ) {
    this.stats = {
      seed: options.seed,
      documents: 0,
      requests: 0,
      answered: 0,
      crashes: 0,
      failures: [],
      slowest: { ms: 0, what: '' },
      slowestLsp: { ms: 0, what: '' },
      slowestAny: { ms: 0, what: '' },
    };
  }

  fail(kind: string, message: string, input: FuzzInput, crash = false): void {
    if (crash) this.stats.crashes++;
    if (this.stats.failures.length < 200) this.stats.failures.push({ kind, message, input });
    this.options.log?.(`FAIL ${kind} on ${input.name}: ${message.split('\n')[0].slice(0, 300)}`);
    this.save(`${kind}-${this.options.seed}-${++this.saved}`, input, `${kind}: ${message}`);
  }

  save(name: string, input: FuzzInput, note: string): void {
    if (!this.options.failuresDir) return;
    mkdirSync(this.options.failuresDir, { recursive: true });
    const base = path.join(this.options.failuresDir, name.replace(/[^\w.-]+/g, '_'));
    writeFileSync(`${base}.input`, input.text);
    writeFileSync(`${base}.json`, `${JSON.stringify({ seed: this.options.seed, input: input.name, note }, null, 2)}\n`);
  }

  /** Times `run` (CPU ms for direct calls), counts it as a request, and turns a throw into a crash. */
  call<T>(what: string, input: FuzzInput, run: () => T, allowed?: (error: unknown) => boolean): T | undefined {
    this.stats.requests++;
    const start = cpuMs();
    let result: T | undefined;
    try {
      result = run();
      this.stats.answered++;
    } catch (error) {
      if (allowed?.(error)) this.stats.answered++;
      else this.fail('crash', `${what} threw: ${(error as Error)?.stack ?? error}`, input, true);
    }
    this.time(what, input, cpuMs() - start, 'direct');
    return result;
  }

  time(what: string, input: FuzzInput, ms: number, kind: 'direct' | 'lsp'): void {
    if (ms > this.stats.slowestAny.ms) this.stats.slowestAny = { ms, what: `${what} (${kind})`, input };
    if (input.text.length > NORMAL_SIZE) return;
    const slot = kind === 'direct' ? 'slowest' : 'slowestLsp';
    if (ms > this.stats[slot].ms) this.stats[slot] = { ms, what, input };
    const limit = kind === 'direct' ? this.options.slowMs : this.options.lspSlowMs;
    if (ms > limit) this.fail('slow', `${what} took ${Math.round(ms)} ms (limit ${limit} ms, ${input.text.length} characters)`, input);
  }
}

/** The files a manifest's checks may read: a Dockerfile copying an nginx config, and an env file with a secret. */
function fuzzWorkspace(): { root: string; remove(): void } {
  return tempWorkspace(
    {
      'Dockerfile': 'FROM nginx\nCOPY nginx.conf /etc/nginx/nginx.conf\n',
      'nginx.conf': 'events {}\nhttp {\n  server {\n    location / {\n      proxy_pass http://web:3000;\n      proxy_set_header Host $host;\n    }\n  }\n}\n',
      'proxy/Dockerfile': 'FROM nginx\nCOPY . /etc/nginx/\n',
      'proxy/default.conf': 'server { location / { proxy_pass http://app; } }\n',
      '.env': `SECRET_TOKEN=${SECRET}\nexport API_KEY="${SECRET}"\n`,
    },
    'convox-yml-fuzz-',
  );
}

function checkDiagnostics(recorder: Recorder, input: FuzzInput, text: string, diagnostics: Diagnostic[], where: string): void {
  const lengths = lineLengths(text);
  for (const diagnostic of diagnostics) {
    const problem = rangeProblem(lengths, diagnostic.range);
    if (problem) recorder.fail('range', `${where}: ${diagnostic.code}: ${problem}`, input);
    if (diagnostic.code === 'internal-error') recorder.fail('internal-error', `${where}: ${diagnostic.message}`, input, true);
  }
}

/** Applies a quick fix's edits when they are for this version; reports edits outside the text or overlapping. */
function checkEdit(recorder: Recorder, input: FuzzInput, text: string, uri: string, version: number, edit: WorkspaceEdit | undefined, title: string): string | undefined {
  if (!edit) return undefined;
  const lengths = lineLengths(text);
  let edits: TextEdit[] = [];
  for (const change of edit.documentChanges ?? []) {
    if (!('textDocument' in change)) continue;
    if (change.textDocument.uri !== uri) continue;
    if (change.textDocument.version !== version) {
      recorder.fail('stale-fix', `"${title}" is for version ${change.textDocument.version}, the document is at ${version}`, input);
      return undefined;
    }
    edits = edits.concat(change.edits as TextEdit[]);
  }
  if (edit.changes) recorder.fail('unversioned-fix', `"${title}" has unversioned changes`, input);
  for (const e of edits) {
    const problem = rangeProblem(lengths, e.range);
    if (problem) {
      recorder.fail('fix-range', `"${title}": ${problem}`, input);
      return undefined;
    }
  }
  const sorted = [...edits].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1].range.end;
    const b = sorted[i].range.start;
    if (a.line > b.line || (a.line === b.line && a.character > b.character)) {
      recorder.fail('fix-overlap', `"${title}": edits overlap`, input);
      return undefined;
    }
  }
  return applyEdits(text, edits);
}

const problemCount = (diagnostics: Diagnostic[], test: (d: Diagnostic) => boolean) => diagnostics.filter(test).length;
const isSyntax = (d: Diagnostic) => d.code === 'yaml-syntax';
const isLostAnchor = (d: Diagnostic) => d.code === 'invalid-alias' && /Unknown anchor/.test(d.message);

/** Every service function on one document, with the invariants: no throw, ranges inside, fixes that apply. */
function fuzzDirect(recorder: Recorder, random: Random, input: FuzzInput, workspace: WorkspaceFiles | undefined, settings: ConvoxSettings): void {
  const uri = pathToFileURL(path.join(workspace?.root ?? '/w', random.pick(['convox.yml', 'convox.staging.yml']))).href;
  const doc = recorder.call('parse', input, () => new ManifestDocument(uri, 1, input.text));
  if (!doc) return;
  const diagnostics = recorder.call('validate', input, () => validateManifest(doc, settings, { workspace })) ?? [];
  checkDiagnostics(recorder, input, input.text, diagnostics, 'validate');
  const lengths = lineLengths(input.text);
  const checkRanges = (what: string, ranges: (Range | undefined)[]) => {
    for (const range of ranges) {
      const problem = rangeProblem(lengths, range);
      if (problem) recorder.fail('range', `${what}: ${problem}`, input);
    }
  };
  for (let i = 0; i < 2; i++) {
    const position = randomPosition(random, lengths);
    const at = JSON.stringify(position);
    const list = recorder.call(`completion ${at}`, input, () => complete(doc, position, settings));
    checkRanges('completion', (list?.items ?? []).map((item) => (item.textEdit && 'range' in item.textEdit ? item.textEdit.range : undefined)).filter(Boolean));
    const info = recorder.call(`hover ${at}`, input, () => hover(doc, position, settings));
    if (info?.range) checkRanges('hover', [info.range]);
    checkRanges('definition', (recorder.call(`definition ${at}`, input, () => definition(doc, position)) ?? []).map((l) => l.range));
    checkRanges('references', (recorder.call(`references ${at}`, input, () => references(doc, position, true)) ?? []).map((l) => l.range));
    const prepared = recorder.call(`prepareRename ${at}`, input, () => prepareRename(doc, position));
    if (prepared) checkRanges('prepareRename', [prepared.range]);
    recorder.call(`rename ${at}`, input, () => rename(doc, position, random.pick(['api', 'web', '', 'a b', 'x'.repeat(80), 'db-2', '${X}'])), (e) => e instanceof RenameError);
  }
  const whole = { start: { line: 0, character: 0 }, end: { line: lengths.length, character: 0 } };
  checkRanges('inlayHints', (recorder.call('inlayHints', input, () => inlayHints(doc, whole, settings)) ?? []).map((h) => ({ start: h.position, end: h.position })));
  checkRanges('symbols', (recorder.call('documentSymbols', input, () => documentSymbols(doc)) ?? []).flatMap((s) => [s.range, s.selectionRange]));
  recorder.call('foldingRanges', input, () => foldingRanges(doc));
  checkRanges('links', (recorder.call('documentLinks', input, () => documentLinks(doc)) ?? []).map((l) => l.range));

  // Quick fixes: every action for the published diagnostics applies to this version, and on a file that was valid
  // YAML it keeps it valid and keeps every anchor an alias uses.
  const actions = recorder.call('codeActions', input, () => codeActions(doc, whole, diagnostics, settings)) ?? [];
  const before = { syntax: problemCount(diagnostics, isSyntax), anchors: problemCount(diagnostics, isLostAnchor) };
  for (const action of actions.slice(0, 6)) {
    const fixed = checkEdit(recorder, input, input.text, uri, 1, action.edit, action.title);
    if (fixed === undefined || doc.limit) continue;
    const after = recorder.call('validate (fixed)', input, () => validateManifest(new ManifestDocument(uri, 2, fixed), settings, { workspace })) ?? [];
    // (A line holding only a tab may become indentation once the entry above it is removed: not the fix's doing.)
    if (before.syntax === 0 && !/^[ \t]*\t[ \t]*$/m.test(input.text) && problemCount(after, isSyntax) > 0) recorder.fail('fix-breaks-yaml', `"${action.title}" makes the file invalid YAML:\n${fixed}`, input);
    if (before.syntax === 0 && problemCount(after, isLostAnchor) > before.anchors) recorder.fail('fix-loses-anchor', `"${action.title}" removes an anchor an alias uses:\n${fixed}`, input);
  }

  // A client may send back diagnostics whose data it changed or lost: fixes must not throw on them.
  const garbled = diagnostics.slice(0, 10).map((d) => ({ ...d, data: random.pick([undefined, null, 0, 'x', [], {}, { path: 5 }, { key: null, suggestions: 'x' }, { range: {} }]) }));
  recorder.call('codeActions (garbled data)', input, () => codeActions(doc, whole, garbled, settings));

  // The next version, parsed from this one (incremental re-parse): it must equal a full parse of the new text.
  const edited = { name: `${input.name} + edit`, text: mutate(random, input.text) };
  const next = recorder.call('parse (incremental)', edited, () => new ManifestDocument(uri, 2, edited.text, doc));
  if (!next) return;
  const incremental = recorder.call('validate (incremental)', edited, () => validateManifest(next, settings, { workspace })) ?? [];
  checkDiagnostics(recorder, edited, edited.text, incremental, 'validate (incremental)');
  const fresh = validateManifest(new ManifestDocument(uri, 2, edited.text), settings, { workspace });
  if (diagnosticsKey(incremental) !== diagnosticsKey(fresh)) recorder.fail('incremental', `re-parsing from the previous version differs from a full parse:\n${diagnosticsKey(incremental)}\n---\n${diagnosticsKey(fresh)}`, { name: `${edited.name} (previous: ${input.name})`, text: `${input.text}\n#### edited to ####\n${edited.text}` });
}

function diagnosticsKey(list: Diagnostic[]): string {
  return list.map((d) => `${d.code}@${JSON.stringify(d.range)}`).sort().join('\n');
}

/** The converter on a compose file or Procfile: never throws, never copies an env file's values. */
function fuzzConverter(recorder: Recorder, random: Random, input: FuzzInput, appJson: string | undefined): void {
  const files: Record<string, string> = { '.env': `SECRET_TOKEN=${SECRET}\nexport API_KEY="${SECRET}"\n`, 'common.yml': input.text, 'docker-compose.override.yml': mutate(random, input.text) };
  const readFile = (file: string) => files[path.posix.normalize(file)];
  const withEnv = random.chance(0.5) ? `${input.text}\n${random.pick(['  env_file: .env\n', 'services:\n  web:\n    image: x\n    env_file: [.env, {path: .env, required: false}]\n'])}` : input.text;
  const subject = { name: input.name, text: withEnv };
  const results = [
    recorder.call('convertCompose', subject, () => convertCompose(withEnv, { fileName: 'docker-compose.yml', readFile, target: random.pick(['v2', 'v3'] as const) })),
    recorder.call('convertProcfile', subject, () => convertProcfile(withEnv, appJson, { fileName: 'Procfile' })),
  ];
  for (const result of results) {
    if (!result) continue;
    const reported = JSON.stringify(result.report);
    if (result.manifest.includes(SECRET) || reported.includes(SECRET)) recorder.fail('secret-copied', 'a value from the env file reached the converted manifest or its report', subject, true);
    if (!result.error && result.manifest) {
      const doc = recorder.call('parse (converted)', subject, () => new ManifestDocument('file:///w/convox.yml', 1, result.manifest));
      if (doc?.yaml.errors.length) recorder.fail('converted-invalid', `the converted manifest is not valid YAML: ${doc.yaml.errors[0].message}\n${result.manifest}`, subject);
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout;
  return Promise.race([promise, new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)))]).finally(() => clearTimeout(timer));
}

/** One random small edit: the span it replaces (offsets, never inside a CRLF or a surrogate pair) and its text. */
function randomChange(random: Random, text: string): { start: number; end: number; text: string } {
  const start = snap(text, random.int(text.length + 1));
  const end = Math.max(start, snap(text, Math.min(text.length, start + (random.chance(0.5) ? 0 : random.int(20)))));
  const inserted = random.chance(0.3) ? '' : random.pick(['a', ' ', '\n', '\n  ', ': ', '- ', '#', '"', '[', '{', '&a ', '*a', '\r\n', '\t', 'services:', 'é', '😀', '${X}']);
  return { start, end, text: inserted };
}

/** The LSP position of an offset (CRLF, LF and lone CR end lines). */
function positionAt(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}

/** Snaps an offset off the middle of a CRLF or a surrogate pair. */
function snap(text: string, offset: number): number {
  if (offset > 0 && offset < text.length && text.charCodeAt(offset - 1) === 13 && text.charCodeAt(offset) === 10) return offset - 1;
  const c = text.charCodeAt(offset);
  if (offset > 0 && c >= 0xdc00 && c <= 0xdfff && text.charCodeAt(offset - 1) >= 0xd800 && text.charCodeAt(offset - 1) <= 0xdbff) return offset - 1;
  return offset;
}

async function fuzzLsp(recorder: Recorder, random: Random, client: TestClient, root: string, input: FuzzInput, index: number): Promise<void> {
  const compose = random.chance(0.1);
  const name = compose ? 'docker-compose.yml' : random.pick(['convox.yml', 'convox.yaml', 'convox.staging.yml']);
  // Mostly files in the workspace; some URIs an editor may also send: unsaved, virtual, odd escapes.
  const uri = random.chance(0.85)
    ? pathToFileURL(path.join(root, `app${index}`, name)).href
    : random.pick([`untitled:Untitled-${index}`, `vscode-vfs://github/org/repo${index}/${name}`, `file:///tmp/bad%E0%A4%A${index}/${name}`, `file:///tmp/x/convox%ZZ${index}.yml`, `file:///C%3A/Users/x${index}/${name}`, `file:///tmp/a%20b${index}/${name}?query#frag`]);
  const connection = client.connection;
  let text = input.text;
  let version = 1;
  const request = async <R>(what: string, send: () => Promise<R>): Promise<R | undefined> => {
    recorder.stats.requests++;
    const started = performance.now();
    let result: R | 'timeout' | undefined;
    try {
      result = await withTimeout(send(), 30_000);
    } catch (error) {
      const renameRefused = error instanceof ResponseError && error.code === ErrorCodes.InvalidParams && what.startsWith('rename');
      if (renameRefused) recorder.stats.answered++;
      else recorder.fail('lsp-error', `${what}: ${(error as Error).message}`, { name: input.name, text }, true);
      recorder.time(what, { name: input.name, text }, performance.now() - started, 'lsp');
      return undefined;
    }
    recorder.time(what, { name: input.name, text }, performance.now() - started, 'lsp');
    if (result === 'timeout') {
      recorder.fail('no-answer', `${what}: no answer within 30 s`, { name: input.name, text }, true);
      return undefined;
    }
    recorder.stats.answered++;
    return result;
  };

  await client.open(uri, text, compose ? 'dockercompose' : 'convox', version);
  const published = await request('diagnostics (open)', () => client.diagnosticsFor(uri, version, 30_000));
  const diagnostics = published?.diagnostics ?? [];
  checkDiagnostics(recorder, input, text, diagnostics, 'published');

  const lengths = lineLengths(text);
  const doc = { uri };
  const at = () => randomPosition(random, lengths);
  const whole = { start: { line: 0, character: 0 }, end: { line: lengths.length, character: 0 } };
  await Promise.all([
    request('completion', () => connection.sendRequest(CompletionRequest.type, { textDocument: doc, position: at() })),
    request('completion', () => connection.sendRequest(CompletionRequest.type, { textDocument: doc, position: at(), context: { triggerKind: 2, triggerCharacter: ':' } })),
    request('hover', () => connection.sendRequest(HoverRequest.type, { textDocument: doc, position: at() })),
    request('documentSymbol', () => connection.sendRequest(DocumentSymbolRequest.type, { textDocument: doc })),
    request('foldingRange', () => connection.sendRequest(FoldingRangeRequest.type, { textDocument: doc })),
    request('definition', () => connection.sendRequest(DefinitionRequest.type, { textDocument: doc, position: at() })),
    request('references', () => connection.sendRequest(ReferencesRequest.type, { textDocument: doc, position: at(), context: { includeDeclaration: random.chance(0.5) } })),
    request('prepareRename', () => connection.sendRequest(PrepareRenameRequest.type, { textDocument: doc, position: at() })),
    request('rename', () => connection.sendRequest(RenameRequest.type, { textDocument: doc, position: at(), newName: random.pick(['api', 'x y', '', 'db2']) })),
    request('documentLink', () => connection.sendRequest(DocumentLinkRequest.type, { textDocument: doc })),
    request('inlayHint', () => connection.sendRequest(InlayHintRequest.type, { textDocument: doc, range: whole })),
    request('codeAction', () => connection.sendRequest(CodeActionRequest.type, { textDocument: doc, range: whole, context: { diagnostics } })),
    ...(random.chance(0.3) ? [request('convox.convert', () => connection.sendRequest(ExecuteCommandRequest.type, { command: 'convox.convert', arguments: [{ uri: uri.replace(/convox[^/]*$/, 'docker-compose.yml'), text }] }))] : []),
  ]);

  // A burst of keystrokes as incremental changes, sent without waiting: only the newest version needs validating.
  const burst = random.between(3, 25);
  // The text before the burst and each version after it: a sync failure is saved with them, to be replayed.
  const history = { before: text, versions: [] as string[] };
  for (let i = 0; i < burst; i++) {
    version++;
    if (random.chance(0.05)) {
      text = mutate(random, text);
      history.versions.push(text);
      await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
      continue;
    }
    const { start, end, text: inserted } = randomChange(random, text);
    history.versions.push(text.slice(0, start) + inserted + text.slice(end));
    await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range: { start: positionAt(text, start), end: positionAt(text, end) }, text: inserted }] });
    text = text.slice(0, start) + inserted + text.slice(end);
  }
  const final = { name: `${input.name} + ${burst} edits`, text };
  const last = await request('diagnostics (after edits)', () => client.diagnosticsFor(uri, version, 30_000));
  if (last) {
    checkDiagnostics(recorder, final, text, last.diagnostics, 'published after edits');
    if (!compose) {
      // What the server published for the newest version equals validating that text from scratch.
      const expected = validateManifest(new ManifestDocument(uri, version, text), normalizeSettings({}), { workspace: uri.startsWith(pathToFileURL(root).href) ? nodeWorkspace(root) : undefined });
      if (diagnosticsKey(last.diagnostics) !== diagnosticsKey(expected)) recorder.fail('sync', `diagnostics after incremental edits differ from a fresh parse:\n${diagnosticsKey(last.diagnostics)}\n---\n${diagnosticsKey(expected)}\n--- history: ${JSON.stringify(history)}`, final);
    }
    const actions = await request('codeAction (after edits)', () => connection.sendRequest(CodeActionRequest.type, { textDocument: doc, range: whole, context: { diagnostics: last.diagnostics } }));
    for (const action of actions ?? []) if ('edit' in action) checkEdit(recorder, final, text, uri, version, action.edit, action.title);
  }
  await client.close(uri);
}

const CLI = path.resolve(__dirname, '../../../dist/cli.js');
const STACK_TRACE = /\n\s+at .+(:\d+:\d+\)?|native)/;

/** Runs the CLI; resolves with its exit code, output and time. */
/** Runs dist/cli.js (or `as.cli`, a copy of it) in `cwd`, as the current user or as `as.uid`/`as.gid`. */
export function runCli(
  args: string[],
  cwd: string,
  timeoutMs = 60_000,
  as: { cli?: string; uid?: number; gid?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [as.cli ?? CLI, ...args], { cwd, uid: as.uid, gid: as.gid, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}

async function fuzzCli(recorder: Recorder, random: Random, root: string, input: FuzzInput, index: number): Promise<void> {
  const dir = path.join(root, `cli${index}`);
  mkdirSync(dir, { recursive: true });
  const asBytes = random.chance(0.3);
  const bytes = asBytes ? Buffer.from(Array.from({ length: random.between(0, 3000) }, () => random.int(256))) : Buffer.from(input.text, 'utf8');
  const subject = asBytes ? { name: 'random bytes', text: bytes.toString('latin1') } : input;
  const name = random.pick(['convox.yml', 'docker-compose.yml', 'convox.staging.yml']);
  writeFileSync(path.join(dir, name), bytes);
  const lint = random.chance(0.7) || name !== 'docker-compose.yml';
  const args = lint ? ['lint', random.pick(['--format=text', '--format=json', '--format=sarif']), path.join(dir, name)] : ['convert', path.join(dir, name)];
  recorder.stats.requests++;
  const result = await runCli(args, root);
  recorder.time(`cli ${args.join(' ')}`, subject, result.ms, 'lsp');
  // 0 or 1 (findings / converted or not convertible); never an internal error (70) or a signal.
  if (result.code === null || ![0, 1].includes(result.code)) recorder.fail('cli-exit', `exit ${result.code} for ${args.join(' ')}:\n${result.stderr.slice(0, 2000)}`, subject, true);
  else recorder.stats.answered++;
  if (STACK_TRACE.test(result.stderr)) recorder.fail('cli-stack-trace', `stack trace printed:\n${result.stderr.slice(0, 2000)}`, subject, true);
}

/** Runs every part of the fuzzer; resolves with the figures. */
export async function fuzz(options: FuzzOptions, corpus: Corpus): Promise<FuzzStats> {
  const recorder = new Recorder(options);
  const random = new Random(options.seed);
  const workspaceDir = fuzzWorkspace();
  const workspace = nodeWorkspace(workspaceDir.root);
  const log = options.log ?? (() => undefined);
  try {
    // Direct calls: volume.
    for (let i = 0; i < options.documents; i++) {
      const input = nextInput(random, corpus.manifests, { allowHuge: options.allowHuge });
      recorder.stats.documents++;
      const settings = normalizeSettings({ target: random.pick(['v3', 'v2']) });
      if (process.env.FUZZ_TRACE) log(`direct ${i}: ${input.name} (${input.text.length} chars, heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB)`);
      fuzzDirect(recorder, random, input, random.chance(0.7) ? workspace : undefined, settings);
      if ((i + 1) % 500 === 0) log(`direct: ${i + 1}/${options.documents} documents, ${recorder.stats.crashes} crashes`);
    }

    // The converter.
    for (let i = 0; i < options.converterDocuments; i++) {
      const source = random.chance(0.6) ? corpus.compose : random.chance(0.5) ? corpus.procfiles : corpus.manifests;
      const input = random.chance(0.85) && source.length ? { name: `mutated ${random.pick(source).name}`, text: mutate(random, random.pick(source).text) } : nextInput(random, corpus.manifests, { allowHuge: false });
      recorder.stats.documents++;
      fuzzConverter(recorder, random, input, corpus.appJson.length && random.chance(0.5) ? mutate(random, random.pick(corpus.appJson).text) : undefined);
    }

    // The real server over LSP.
    if (options.lspDocuments > 0) {
      const client = new TestClient();
      try {
        await client.initialize({ trusted: true });
        const pid = (client as unknown as { process: { pid?: number } }).process.pid;
        const start = memoryOf(pid);
        for (let i = 0; i < options.lspDocuments; i++) {
          const input = nextInput(random, corpus.manifests, { allowHuge: options.allowHuge && random.chance(0.2) });
          recorder.stats.documents++;
          await fuzzLsp(recorder, random, client, workspaceDir.root, input, i);
          if (client.exited) {
            recorder.fail('server-exit', `the server exited: ${client.stderr.slice(-2000)}`, input, true);
            break;
          }
          if ((i + 1) % 50 === 0) log(`lsp: ${i + 1}/${options.lspDocuments} documents, ${recorder.stats.crashes} crashes, server ${memoryOf(pid)?.rss ?? '?'} MB`);
        }
        const end = memoryOf(pid);
        if (start && end) recorder.stats.serverMemory = { start: start.rss, end: end.rss, peak: end.peak };
      } finally {
        if (!client.exited) await client.shutdown();
      }
    }

    // The CLI.
    for (let i = 0; i < options.cliRuns; i++) {
      const input = nextInput(random, corpus.manifests, { allowHuge: false });
      recorder.stats.documents++;
      await fuzzCli(recorder, random, workspaceDir.root, input, i);
    }
  } finally {
    workspaceDir.remove();
  }
  if (!options.saveSlowest) return recorder.stats;
  const slowestOf = { direct: recorder.stats.slowest, lsp: recorder.stats.slowestLsp, any: recorder.stats.slowestAny };
  for (const [kind, { input, what, ms }] of Object.entries(slowestOf)) {
    if (input) recorder.save(`slowest-${kind}-${options.seed}`, input, `${what}: ${Math.round(ms)} ms`);
  }
  return recorder.stats;
}

export function summary(stats: FuzzStats): string {
  const slow = (s: FuzzStats['slowest']) => `${Math.round(s.ms)} ms (${s.what}${s.input ? `, ${s.input.name}, ${s.input.text.length} chars` : ''})`;
  const kinds = new Map<string, number>();
  for (const failure of stats.failures) kinds.set(failure.kind, (kinds.get(failure.kind) ?? 0) + 1);
  return [
    `seed ${stats.seed}: ${stats.documents} documents tried, ${stats.answered}/${stats.requests} requests answered, crashes: ${stats.crashes}`,
    `slowest on a normal-sized file: ${slow(stats.slowest)} direct (CPU), ${slow(stats.slowestLsp)} over LSP or CLI (wall)`,
    `slowest on any file: ${slow(stats.slowestAny)}`,
    ...(stats.serverMemory ? [`server memory: ${stats.serverMemory.start} MB after start, ${stats.serverMemory.end} MB at the end, peak ${stats.serverMemory.peak} MB`] : []),
    `failures: ${stats.failures.length ? [...kinds].map(([kind, n]) => `${kind} ${n}`).join(', ') : 'none'}`,
  ].join('\n');
}
