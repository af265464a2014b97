// Diagnostics from the language server as VS Code shows them: code, severity, message and the exact text
// underlined, in convox.yml and in the nginx config its proxy service is built with.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, fixture, open, waitForCode } from './helpers';

describe('diagnostics', () => {
  let manifest: vscode.TextDocument;
  before(async () => {
    manifest = await open('convox.yml');
  });

  it('missing-health: a service with a port and no health check, on the service name', async () => {
    const diagnostic = await waitForCode(manifest, 'missing-health', 'web');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(diagnostic.range.start.line, 5);
    assert.match(diagnostic.message, /Service "web" has a port but no health check/);
    assert.match(diagnostic.message, /Add `health: \/health`/);
  });

  it('unknown-key: a misspelt key, with a "did you mean"', async () => {
    const diagnostic = await waitForCode(manifest, 'unknown-key', 'enviroment');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(diagnostic.range.start.line, 8);
    assert.match(diagnostic.message, /Unknown key "enviroment" in service "web".*Did you mean "environment"\?/);
    // The code links to the rule's page.
    assert.equal(typeof diagnostic.code, 'object');
    assert.match(String((diagnostic.code as { target: vscode.Uri }).target), /unknown-key/);
  });

  it('undefined-resource: a link to a resource that does not exist is an error', async () => {
    const diagnostic = await waitForCode(manifest, 'undefined-resource', 'cache');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diagnostic.range.start.line, 12);
    assert.match(diagnostic.message, /references a resource that does not exist: cache/);
  });

  it('compose-key: a docker-compose key Convox ignores', async () => {
    const diagnostic = await waitForCode(manifest, 'compose-key', 'depends_on');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(diagnostic.range.start.line, 17);
    assert.match(diagnostic.message, /"depends_on"/);
  });

  it('nginx-host-header: in the nginx config the proxy service is built with', async () => {
    const conf = await vscode.workspace.openTextDocument(fixture('proxy', 'nginx.conf'));
    const diagnostic = await waitForCode(conf, 'nginx-host-header', 'proxy_set_header Host $host');
    assert.equal(diagnostic.range.start.line, 9);
    assert.match(diagnostic.message, /Host/);
  });

  it('nginx-host-header: on the service in convox.yml, pointing at the nginx line', async () => {
    // On the build value of the service whose image holds the nginx config.
    const diagnostic = await waitForCode(manifest, 'nginx-host-header', './proxy');
    assert.equal(diagnostic.range.start.line, 14);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    const related = diagnostic.relatedInformation ?? [];
    assert.ok(
      related.some((info) => info.location.uri.path.endsWith('/proxy/nginx.conf') && info.location.range.start.line === 9),
      `no related information at proxy/nginx.conf:10; got ${JSON.stringify(related.map((info) => `${info.location.uri.path}:${info.location.range.start.line + 1}`))}`,
    );
  });

  it('no finding where there is no mistake', async () => {
    await waitForCode(manifest, 'missing-health', 'web');
    const proxy = vscode.languages.getDiagnostics(manifest.uri).filter((d) => codeOf(d) === 'missing-health' && manifest.getText(d.range) === 'proxy');
    assert.deepEqual(proxy, [], 'service "proxy" has a health check');
  });
});
