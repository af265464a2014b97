import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol';
import { writeFileSync } from 'node:fs';
import { TestClient } from '../helpers/lspClient';
import { tempWorkspace } from '../helpers/tempWorkspace';

// The bundled server over stdio with a real workspace folder: validating convox.yml reads the service's Dockerfile
// and the nginx config it copies, and publishes diagnostics for that config too.
const MANIFEST = 'services:\n  proxy:\n    build: ./proxy\n    port: 80\n';
const NGINX = 'http {\n  server {\n    location / {\n      proxy_set_header Host $http_host;\n      proxy_pass http://app.example.com;\n    }\n  }\n}\n';
const ws = tempWorkspace({
  'convox.yml': MANIFEST,
  'proxy/Dockerfile': 'FROM nginx\nCOPY nginx.conf /etc/nginx/nginx.conf\n',
  'proxy/nginx.conf': NGINX,
});
const MANIFEST_URI = pathToFileURL(ws.file('convox.yml')).href;
const NGINX_URI = pathToFileURL(ws.file('proxy/nginx.conf')).href;
const HOST_RANGE = { start: { line: 3, character: 6 }, end: { line: 3, character: 38 } };

async function start(trusted: boolean): Promise<TestClient> {
  const client = new TestClient();
  await client.connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(ws.root).href,
    workspaceFolders: [{ uri: pathToFileURL(ws.root).href, name: 'app' }],
    capabilities: {},
    initializationOptions: { settings: { target: 'v3' }, trusted },
  });
  await client.connection.sendNotification(InitializedNotification.type, {});
  return client;
}

/** Waits until the latest diagnostics published for `uri` satisfy `accept`. */
async function until(client: TestClient, uri: string, accept: (params: PublishDiagnosticsParams) => boolean, timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const latest = client.latest(uri);
    if (latest && accept(latest)) return latest;
    if (Date.now() > deadline) throw new Error(`diagnostics for ${uri} never matched; latest: ${JSON.stringify(latest)}; stderr: ${client.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const codes = (params: PublishDiagnosticsParams) => params.diagnostics.map((d) => d.code);
let client: TestClient;

before(async () => {
  client = await start(true);
  await client.open(MANIFEST_URI, MANIFEST);
});

after(async () => {
  assert.equal(await client.shutdown(), 0);
  ws.remove();
});

test('the nginx config is published with its finding, though it is not open', async () => {
  const published = await client.diagnosticsFor(NGINX_URI);
  assert.deepEqual(codes(published), ['nginx-host-header']);
  assert.deepEqual(published.diagnostics[0].range, HOST_RANGE);
  assert.equal(published.diagnostics[0].relatedInformation![0].location.uri, MANIFEST_URI);
});

test('the service in convox.yml carries the finding with the nginx directive as related information', async () => {
  const { diagnostics } = await client.diagnosticsFor(MANIFEST_URI, 1);
  const finding = diagnostics.find((d) => d.code === 'nginx-host-header');
  assert.ok(finding, JSON.stringify(diagnostics));
  assert.deepEqual(finding.range, { start: { line: 2, character: 11 }, end: { line: 2, character: 18 } });
  assert.deepEqual(finding.relatedInformation, [{ location: { uri: NGINX_URI, range: HOST_RANGE }, message: 'proxy/nginx.conf: proxy_set_header Host $http_host' }]);
});

test('quick fixes for the open nginx config, and an edit re-checks from the buffer', async () => {
  await client.open(NGINX_URI, NGINX, 'nginx');
  const { diagnostics } = await until(client, NGINX_URI, (p) => codes(p).includes('nginx-host-header'));
  const actions = await client.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: NGINX_URI },
    range: diagnostics[0].range,
    context: { diagnostics },
  });
  assert.deepEqual(
    actions!.map((a) => a.title),
    ['Use $proxy_host', 'Remove proxy_set_header Host'],
  );
  await client.change(NGINX_URI, 2, NGINX.replace('$http_host', '$proxy_host'));
  await until(client, NGINX_URI, (p) => p.diagnostics.length === 0);
  await until(client, MANIFEST_URI, (p) => !codes(p).includes('nginx-host-header'));
  // Closing the config goes back to the file on disk, which still forwards Host.
  await client.close(NGINX_URI);
  await until(client, NGINX_URI, (p) => codes(p).includes('nginx-host-header'));
});

test('a changed file on disk (watched files) re-checks the manifest', async () => {
  writeFileSync(ws.file('proxy/nginx.conf'), NGINX.replace('      proxy_set_header Host $http_host;\n', ''));
  await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: NGINX_URI, type: FileChangeType.Changed }] });
  await until(client, NGINX_URI, (p) => p.diagnostics.length === 0);
  await until(client, MANIFEST_URI, (p) => !codes(p).includes('nginx-host-header'));
  writeFileSync(ws.file('proxy/nginx.conf'), NGINX);
});

test('opening only the nginx config checks it through the convox.yml on disk above it', async () => {
  const other = await start(true);
  try {
    await other.open(NGINX_URI, NGINX, 'nginx');
    const published = await until(other, NGINX_URI, (p) => codes(p).includes('nginx-host-header'));
    assert.deepEqual(published.diagnostics[0].range, HOST_RANGE);
    assert.equal(other.latest(MANIFEST_URI), undefined, 'the manifest, not open, gets no diagnostics of its own');
  } finally {
    assert.equal(await other.shutdown(), 0);
  }
});

test('an untrusted workspace reads nothing besides the manifest', async () => {
  const untrusted = await start(false);
  try {
    await untrusted.open(MANIFEST_URI, MANIFEST);
    const { diagnostics } = await untrusted.diagnosticsFor(MANIFEST_URI, 1);
    assert.ok(!diagnostics.some((d) => String(d.code).startsWith('nginx-')), JSON.stringify(diagnostics));
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(untrusted.latest(NGINX_URI), undefined);
  } finally {
    assert.equal(await untrusted.shutdown(), 0);
  }
});
