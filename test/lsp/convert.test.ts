import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ErrorCodes, ExecuteCommandRequest } from 'vscode-languageserver-protocol';
import { parse } from 'yaml';
import { TestClient } from '../helpers/lspClient';
import { tempWorkspace } from '../helpers/tempWorkspace';

// `convox.convert` (workspace/executeCommand) and the conversion report on open compose files, over stdio.
const client = new TestClient();
const ws = tempWorkspace({ 'app/.env': 'API_KEY=never-sent\n', 'heroku/app.json': '{"addons": ["heroku-redis"]}\n' });
const COMPOSE = ['services:', '  web:', '    build: .', '    ports:', '      - "8080:3000"', '    env_file: .env', '    restart: always', ''].join('\n');
const composeUri = `file://${ws.file('app/docker-compose.yml')}`;
let capabilities: { executeCommandProvider?: { commands: string[] } };

before(async () => {
  const result = await client.initialize({ settings: { target: 'v3' }, trusted: true }, {});
  capabilities = result.capabilities as typeof capabilities;
});

after(async () => {
  assert.equal(await client.shutdown(), 0);
  ws.remove();
});

test('the server offers the convox.convert command', () => {
  assert.deepEqual(capabilities.executeCommandProvider?.commands, ['convox.convert']);
});

test('convox.convert converts the text it is sent and reads files beside it', async () => {
  const result = (await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'convox.convert', arguments: [{ uri: composeUri, text: COMPOSE }] })) as {
    manifest: string;
    report: { path: string; kind: string; message: string; line: number }[];
  };
  assert.deepEqual(parse(result.manifest).services.web, { build: '.', port: 3000, environment: ['API_KEY'] });
  assert.doesNotMatch(JSON.stringify(result), /never-sent/);
  const envFile = result.report.find((note) => note.path === 'services.web.env_file');
  assert.equal(envFile?.kind, 'manual-step');
  assert.equal(envFile?.line, 6);
  assert.match(envFile!.message, /convox env set API_KEY=\.\.\./);
});

test('a Procfile is converted with its app.json', async () => {
  const uri = `file://${ws.file('heroku/Procfile')}`;
  const result = (await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'convox.convert', arguments: [{ uri, text: 'web: node server.js\n' }] })) as { manifest: string };
  const manifest = parse(result.manifest);
  assert.deepEqual(manifest.resources, { redis: { type: 'redis' } });
  assert.deepEqual(manifest.services.web, { build: '.', command: 'node server.js', port: 3000, resources: ['redis'] });
});

test('bad arguments are an InvalidParams error', async () => {
  await assert.rejects(client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'convox.convert', arguments: [42] }), (error: { code: number }) => error.code === ErrorCodes.InvalidParams);
});

test('an open compose file gets the conversion report as information diagnostics', async () => {
  await client.open(composeUri, COMPOSE, 'dockercompose');
  const { diagnostics } = await client.diagnosticsFor(composeUri, 1);
  const notes = diagnostics.filter((d) => d.code === 'conversion-note');
  assert.ok(notes.length >= 2, JSON.stringify(diagnostics));
  assert.ok(notes.every((d) => d.severity === 3), 'information');
  const restart = notes.find((d) => d.range.start.line === 6);
  assert.ok(restart, JSON.stringify(notes));
  assert.deepEqual([restart.range.start.character, restart.range.end.character], [4, 11]);
  assert.match(restart.message, /^Not converted: restart is not converted/);
  assert.match(restart.codeDescription!.href, /conversion-note\.md$/);
  await client.close(composeUri);
});
