// The smallest server the project's libraries make: an LSP connection over stdio, the open documents, and `yaml`'s
// parse, publishing one diagnostic per YAML error. bench/run.mjs bundles it as the server is bundled, to show how much
// of the server bundle the libraries alone take.
import { createConnection, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDocument } from 'yaml';

const connection = createConnection();
const documents = new TextDocuments(TextDocument);
documents.onDidChangeContent(({ document }) => {
  const errors = parseDocument(document.getText()).errors;
  const diagnostics = errors.map((error) => ({ range: { start: document.positionAt(error.pos[0]), end: document.positionAt(error.pos[1]) }, message: error.message }));
  connection.sendDiagnostics({ uri: document.uri, diagnostics });
});
documents.listen(connection);
connection.listen();
