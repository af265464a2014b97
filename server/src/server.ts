// The language server: wires LSP requests to the plain functions of ./service. No language logic lives here.
// Runs over stdio (`convox-language-server --stdio`) for any editor, or node IPC when VS Code starts it.
import {
  createConnection,
  DidChangeConfigurationNotification,
  ErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentCache, ManifestDocument } from './service/document';
import { validationSteps } from './service/diagnostics/validate';
import { nginxFileDiagnostics } from './service/nginx/diagnostics';
import { nginxCodeActions } from './service/fixes/nginxFixes';
import { filePathOf, workspaceForManifest, WorkspaceFiles } from './service/workspace/files';
import { isNginxFile, manifestsAbove, RelatedDiagnostics } from './service/workspace/related';
import { complete, resolveCompletion } from './service/features/completion';
import { codeActions } from './service/fixes/codeActions';
import { foldingRanges } from './service/features/folding';
import { hover } from './service/features/hover';
import { inlayHints } from './service/features/inlayHints';
import { documentLinks } from './service/features/links';
import { definition, prepareRename, references, rename, RenameError } from './service/features/navigation';
import { documentSymbols } from './service/features/symbols';
import { isManifestUri } from './service/files';
import { convertArguments, CONVERT_COMMAND, isComposeDocument } from './service/convert/command';
import type * as Converter from './service/convert/run';
import type { ConvoxDiagnostic } from './service/diagnostics/rule';
import { warmUp } from './warmUp';
import { collectWhenIdle } from './idleCollection';
import { ConvoxSettings, DEFAULT_SETTINGS, normalizeSettings } from './service/settings';
import { version } from '../../package.json';

if (process.argv.includes('--version')) {
  process.stdout.write(`${version}\n`);
  process.exit(0);
}

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const cache = new DocumentCache();
let settings: ConvoxSettings = DEFAULT_SETTINGS;
let pullConfiguration = false;
/** The completion item fields the client fills in from the list's itemDefaults. */
let completionItemDefaults: ReadonlySet<string> = new Set();
/** Workspace folders (local paths) and trust: checks read files besides the manifest only in trusted folders. */
let folders: string[] = [];
let trusted = true;

/** Garbage is collected while the server is quiet, and heap V8 grew for a large manifest given back (idleCollection.ts). */
const MB = 1024 * 1024;
const idle = collectWhenIdle((before, after, quietMs) =>
  connection.console.log(`convox-yml: idle for ${quietMs / 1000} s, heap ${Math.round(before / MB)} → ${Math.round(after / MB)} MB`),
);

/** Only manifests are ours: other editors may send every YAML file they open to this server. */
function manifest(uri: string): ManifestDocument | undefined {
  idle.touch();
  const document = documents.get(uri);
  if (!document || !(document.languageId === 'convox' || isManifestUri(uri))) return undefined;
  return cache.get(uri, document.version, () => document.getText());
}

let loadedConverter: typeof Converter | undefined;
/** The converter, compiled the first time a compose file or Procfile needs it (esbuild.mjs makes it a bundle of its own). */
function converter(): typeof Converter {
  return (loadedConverter ??= require('./service/convert/run') as typeof Converter);
}

/** docker-compose documents: what converting them to convox.yml would not carry over, as information diagnostics. */
function composeConversion(uri: string): { version: number; diagnostics: ConvoxDiagnostic[] } | undefined {
  const document = documents.get(uri);
  if (!document || !isComposeDocument(uri, document.languageId)) return undefined;
  return { version: document.version, diagnostics: converter().composeDocumentDiagnostics(uri, document.getText(), settings, workspaceFor(uri)) };
}

connection.onInitialize((params) => {
  const options = (params.initializationOptions ?? {}) as { settings?: unknown; trusted?: unknown };
  if (options.settings) settings = normalizeSettings(options.settings);
  trusted = options.trusted !== false;
  const roots = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
  folders = roots.map(filePathOf).filter((folder): folder is string => folder !== undefined);
  if (!roots.length && params.rootPath) folders = [params.rootPath];
  pullConfiguration = params.capabilities.workspace?.configuration === true;
  const itemDefaults: unknown = params.capabilities.textDocument?.completion?.completionList?.itemDefaults;
  completionItemDefaults = new Set(Array.isArray(itemDefaults) ? itemDefaults.filter((name) => typeof name === 'string') : []);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: [':', ' ', '-', '\n'], resolveProvider: true },
      hoverProvider: true,
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      documentLinkProvider: { resolveProvider: false },
      codeActionProvider: { codeActionKinds: ['quickfix'] },
      inlayHintProvider: true,
      executeCommandProvider: { commands: [CONVERT_COMMAND] },
    },
    serverInfo: { name: 'convox-language-server' },
  };
});

connection.onInitialized(() => {
  if (pullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'convox' });
});

connection.onDidChangeConfiguration(async (change) => {
  const pushed = (change.settings as { convox?: unknown } | undefined)?.convox;
  if (pushed) settings = normalizeSettings(pushed);
  else if (pullConfiguration) settings = normalizeSettings(await connection.workspace.getConfiguration('convox'));
  for (const document of documents.all()) scheduleValidation(document.uri);
});

// Validation runs on the newest version only. Each change (or new settings) starts a new run and makes the earlier
// ones stale: a run starts after the messages already received are handled, so a burst of keystrokes costs one pass
// over the newest text, and it runs a few checks at a time, yielding to incoming messages in between, so a run
// overtaken by a newer version stops there and never publishes.
const runs = new Map<string, number>();
const VALIDATION_SLICE_MS = 15;
/** Milliseconds on a monotonic clock; `performance.now()` would load perf_hooks at start-up (~1 ms). */
const now = (): number => Number(process.hrtime.bigint()) / 1e6;
const yieldToMessages = () => new Promise<void>((resolve) => setImmediate(resolve));
function scheduleValidation(uri: string): void {
  const run = (runs.get(uri) ?? 0) + 1;
  runs.set(uri, run);
  const stale = () => runs.get(uri) !== run;
  void yieldToMessages()
    .then(yieldToMessages)
    .then(() => (stale() ? undefined : validate(uri, stale)))
    .catch((error: unknown) => {
      // Whatever the input, a failed run must not take the server down with it (checks already catch their own).
      connection.console.error(`convox-yml: validating ${uri} failed: ${(error as Error)?.stack ?? error}`);
    });
}

async function validate(uri: string, stale: () => boolean): Promise<void> {
  const parsed = manifest(uri);
  const conversion = composeConversion(uri);
  if (!parsed) {
    if (conversion) void connection.sendDiagnostics({ uri, version: conversion.version, diagnostics: conversion.diagnostics });
    return;
  }
  const workspace = workspaceFor(uri);
  const steps = validationSteps(parsed, settings, { workspace });
  let slice = now();
  let step = steps.next();
  while (!step.done) {
    if (now() - slice > VALIDATION_SLICE_MS) {
      idle.touch();
      await yieldToMessages();
      if (stale()) return;
      slice = now();
    }
    step = steps.next();
  }
  void connection.sendDiagnostics({ uri, version: parsed.version, diagnostics: [...step.value, ...(conversion?.diagnostics ?? [])] });
  related.update(uri, nginxFileDiagnostics(parsed, settings, workspace));
  logSkipped(workspace);
  if (!warmedUp) {
    warmedUp = true;
    setImmediate(() => warmUp(settings));
  }
}
/** Whether the features ran once (warmUp.ts): after the first diagnostics, so they do not delay those. */
let warmedUp = false;

/** Files a check wanted but did not read (outside the workspace, binary, too large, unreadable): noted once in the log. */
const logged = new Set<string>();
function logSkipped(workspace: WorkspaceFiles | undefined): void {
  for (const { path, reason } of workspace?.skipped ?? []) {
    const key = `${path}\0${reason}`;
    if (logged.has(key) || logged.size >= 10_000) continue;
    logged.add(key);
    connection.console.info(`convox-yml: did not read ${path}: ${reason}`);
  }
}

// nginx configs the manifests' services build: their diagnostics come from validating the manifests (open ones, and
// those on disk above an open nginx file), and are published whether the config is open or not.
const related = new RelatedDiagnostics((uri, diagnostics) => void connection.sendDiagnostics({ uri: openUri(uri), diagnostics }));
/** The URI the client uses for the file at `uri`, when it has it open. */
function openUri(uri: string): string {
  const file = filePathOf(uri);
  return documents.all().find((document) => document.uri === uri || (file !== undefined && filePathOf(document.uri) === file))?.uri ?? uri;
}
/**
 * The files a document's checks read (Dockerfiles, nginx configs), kept for a moment: a burst of keystrokes in a
 * large manifest resolves and reads them once, not once per keystroke. A change to any other open document, opening
 * or closing one, and watched-file events drop them; disk changes nothing reports are seen within WORKSPACE_TTL_MS.
 */
const WORKSPACE_TTL_MS = 2000;
const workspaces = new Map<string, { files: WorkspaceFiles | undefined; at: number }>();
function workspaceFor(uri: string): WorkspaceFiles | undefined {
  const kept = workspaces.get(uri);
  if (kept && now() - kept.at < WORKSPACE_TTL_MS) return kept.files;
  const open = new Map(documents.all().map((document) => [filePathOf(document.uri), document] as const));
  const files = workspaceForManifest(uri, { trusted, folders, overlay: (file) => open.get(file)?.getText() });
  workspaces.set(uri, { files, at: now() });
  return files;
}
function forgetWorkspaces(except?: string): void {
  for (const uri of [...workspaces.keys()]) if (uri !== except) workspaces.delete(uri);
}
let relatedQueued = false;
function scheduleRelated(): void {
  if (relatedQueued) return;
  relatedQueued = true;
  setImmediate(() => {
    relatedQueued = false;
    const open = new Set(documents.all().map((document) => document.uri));
    for (const uri of open) if (manifest(uri)) scheduleValidation(uri);
    // Manifests that are not open but sit above an open nginx config.
    const onDisk = new Map<string, WorkspaceFiles>();
    for (const document of documents.all()) {
      const file = filePathOf(document.uri);
      const workspace = file && !manifest(document.uri) && isNginxFile(document.uri, document.languageId) ? workspaceFor(document.uri) : undefined;
      for (const found of workspace && file ? manifestsAbove(workspace, file) : []) onDisk.set(pathToFileURL(found).href, workspace!);
    }
    for (const [uri, workspace] of onDisk) {
      if (open.has(uri)) continue;
      const text = workspace.read(filePathOf(uri)!);
      if (text !== undefined) related.update(uri, nginxFileDiagnostics(new ManifestDocument(uri, 0, text), settings, workspace));
    }
    for (const source of related.sources()) if (!open.has(source) && !onDisk.has(source)) related.remove(source);
  });
}
connection.onDidChangeWatchedFiles(() => {
  forgetWorkspaces();
  scheduleRelated();
});

documents.onDidOpen(() => forgetWorkspaces());
documents.onDidChangeContent((change) => {
  forgetWorkspaces(change.document.uri);
  scheduleValidation(change.document.uri);
  if (isNginxFile(change.document.uri, change.document.languageId)) scheduleRelated();
});
documents.onDidClose((event) => {
  forgetWorkspaces();
  cache.delete(event.document.uri);
  runs.delete(event.document.uri);
  // An nginx config's diagnostics stay (computed from the file on disk again); a manifest's go.
  if (!isNginxFile(event.document.uri, event.document.languageId)) void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  scheduleRelated();
});

connection.onCompletion((params) => {
  const parsed = manifest(params.textDocument.uri);
  return parsed ? complete(parsed, params.position, settings, completionItemDefaults) : null;
});
connection.onCompletionResolve((item) => resolveCompletion(item));
connection.onHover((params) => {
  const parsed = manifest(params.textDocument.uri);
  return parsed ? hover(parsed, params.position, settings) : null;
});
connection.onDocumentSymbol((params) => {
  const parsed = manifest(params.textDocument.uri);
  return parsed ? documentSymbols(parsed) : null;
});
connection.onFoldingRanges((params) => {
  const parsed = manifest(params.textDocument.uri);
  return parsed ? foldingRanges(parsed) : null;
});
connection.onDefinition((params) => {
  const parsed = manifest(params.textDocument.uri);
  return parsed ? definition(parsed, params.position) : null;
});
connection.onReferences((params) => {
  const parsed = manifest(params.textDocument.uri);
  return parsed ? references(parsed, params.position, params.context.includeDeclaration) : null;
});
connection.onPrepareRename((params) => {
  const parsed = manifest(params.textDocument.uri);
  return parsed ? prepareRename(parsed, params.position) : null;
});
connection.onRenameRequest((params) => {
  const parsed = manifest(params.textDocument.uri);
  try {
    return parsed ? rename(parsed, params.position, params.newName) : null;
  } catch (err) {
    // An invalid or taken name: the editor shows the message instead of a generic failure.
    if (err instanceof RenameError) return new ResponseError(ErrorCodes.InvalidParams, err.message);
    throw err;
  }
});
connection.onDocumentLinks((params) => {
  const parsed = manifest(params.textDocument.uri);
  return parsed ? documentLinks(parsed) : null;
});

connection.languages.inlayHint.on((params) => {
  const parsed = manifest(params.textDocument.uri);
  return parsed ? inlayHints(parsed, params.range, settings) : null;
});

connection.onCodeAction((params) => {
  const parsed = manifest(params.textDocument.uri);
  if (parsed) return codeActions(parsed, params.range, params.context.diagnostics, settings);
  // Other files (nginx configs) only get fixes for the diagnostics published for them.
  const document = documents.get(params.textDocument.uri);
  return document ? nginxCodeActions({ uri: document.uri, version: document.version, text: document.getText() }, params.context.diagnostics) : null;
});

// `convox.convert`: a docker-compose file or Procfile (URI and text) to `{ manifest, report }`.
connection.onExecuteCommand((params) => {
  if (params.command !== CONVERT_COMMAND) return new ResponseError(ErrorCodes.InvalidParams, `unknown command ${params.command}`);
  const args = convertArguments(params.arguments);
  if (!args) return new ResponseError(ErrorCodes.InvalidParams, `${CONVERT_COMMAND} takes one argument: { uri, text, appJsonText? }`);
  idle.touch();
  const { manifest: converted, report, error } = converter().convertDocument(args, workspaceFor(args.uri));
  return { manifest: converted, report, ...(error !== undefined && { error }) };
});

documents.listen(connection);
connection.listen();
