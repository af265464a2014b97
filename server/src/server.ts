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
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentCache, ManifestDocument } from './service/document';
import { validateManifest } from './service/diagnostics/validate';
import { complete } from './service/features/completion';
import { codeActions } from './service/fixes/codeActions';
import { foldingRanges } from './service/features/folding';
import { hover } from './service/features/hover';
import { documentLinks } from './service/features/links';
import { definition, prepareRename, references, rename, RenameError } from './service/features/navigation';
import { documentSymbols } from './service/features/symbols';
import { isManifestUri } from './service/files';
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

/** Only manifests are ours: other editors may send every YAML file they open to this server. */
function manifest(uri: string): ManifestDocument | undefined {
  const document = documents.get(uri);
  if (!document || !(document.languageId === 'convox' || isManifestUri(uri))) return undefined;
  return cache.get(uri, document.version, () => document.getText());
}

connection.onInitialize((params) => {
  const options = (params.initializationOptions ?? {}) as { settings?: unknown };
  if (options.settings) settings = normalizeSettings(options.settings);
  pullConfiguration = params.capabilities.workspace?.configuration === true;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: [':', ' ', '-', '\n'] },
      hoverProvider: true,
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      documentLinkProvider: { resolveProvider: false },
      codeActionProvider: { codeActionKinds: ['quickfix'] },
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

// Validation runs once per document version. Changes that arrive while one is queued replace it, so a burst of
// keystrokes costs one pass over the newest text.
const queued = new Set<string>();
function scheduleValidation(uri: string): void {
  if (queued.has(uri)) return;
  queued.add(uri);
  setImmediate(() => {
    queued.delete(uri);
    const parsed = manifest(uri);
    if (!parsed) return;
    void connection.sendDiagnostics({ uri, version: parsed.version, diagnostics: validateManifest(parsed, settings) });
  });
}

documents.onDidChangeContent((change) => scheduleValidation(change.document.uri));
documents.onDidClose((event) => {
  cache.delete(event.document.uri);
  void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
});

connection.onCompletion((params) => {
  const parsed = manifest(params.textDocument.uri);
  return parsed ? complete(parsed, params.position, settings) : null;
});
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

connection.onCodeAction((params) => {
  const parsed = manifest(params.textDocument.uri);
  return parsed ? codeActions(parsed, params.range, params.context.diagnostics, settings) : null;
});

documents.listen(connection);
connection.listen();
