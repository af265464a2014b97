import assert from 'node:assert/strict';
import { readFileSync, symlinkSync } from 'node:fs';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ExecuteCommandRequest, InitializedNotification, InitializeRequest } from 'vscode-languageserver-protocol';
import { TestClient } from '../../helpers/lspClient';
import { tempWorkspace } from '../../helpers/tempWorkspace';
import { runCli } from '../../fuzz/harness';

// A new user's attempt to make the extension read outside the workspace folder: a repository whose convox.yml, Dockerfiles,
// nginx configs and compose file all point at files beside the folder. Those files hold a finding the nginx rule would
// report, and a secret: neither may ever show up.
const NGINX_WITH_FINDING = 'http {\n  server {\n    location / {\n      proxy_set_header Host $http_host;\n      proxy_pass http://app.example.com;\n    }\n  }\n}\n';
const SECRET = 'outside-secret-5d1e';

function repository() {
  const ws = tempWorkspace({
    'outside/Dockerfile': 'FROM nginx\nCOPY nginx.conf /etc/nginx/nginx.conf\n',
    'outside/nginx.conf': NGINX_WITH_FINDING,
    'outside/secret.env': `TOKEN=${SECRET}\nOUTSIDE_ONLY_NAME=1\n`,
    'outside/base.yml': `services:\n  base:\n    image: outside-image-${SECRET}\n`,
    'app/convox.yml': [
      'services:',
      '  context-out:',
      '    build: ../outside',
      '  dockerfile-out:',
      '    build:',
      '      path: .',
      '      manifest: ../outside/Dockerfile',
      '  absolute:',
      '    build: /',
      '  copy-out:',
      '    build: ./proxy',
      '  linked:',
      '    build: ./linked',
      '',
    ].join('\n'),
    'app/proxy/Dockerfile': 'FROM nginx\nCOPY ../../outside/nginx.conf /etc/nginx/nginx.conf\nCOPY nginx.conf /etc/nginx/conf.d/default.conf\n',
    'app/proxy/nginx.conf': 'include /etc/nginx/conf.d/*.conf;\ninclude ../../outside/nginx.conf;\nevents {}\n',
    'app/linked/Dockerfile': 'FROM nginx\nCOPY nginx.conf /etc/nginx/nginx.conf\n',
    'app/docker-compose.yml': 'services:\n  web:\n    image: nginx\n    env_file: ../outside/secret.env\n    extends:\n      file: ../outside/base.yml\n      service: base\n',
  });
  if (process.platform !== 'win32') symlinkSync(ws.file('outside/nginx.conf'), ws.file('app/linked/nginx.conf'));
  return ws;
}

test('over LSP, with the app folder open as the workspace: nothing outside it is read or reported', async (t) => {
  const ws = repository();
  const client = new TestClient();
  t.after(async () => {
    await client.shutdown();
    ws.remove();
  });
  const folder = pathToFileURL(ws.file('app')).href;
  await client.connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: folder,
    workspaceFolders: [{ uri: folder, name: 'app' }],
    capabilities: {},
    initializationOptions: { trusted: true },
  });
  await client.connection.sendNotification(InitializedNotification.type, {});
  const manifestUri = pathToFileURL(ws.file('app/convox.yml')).href;
  await client.open(manifestUri, readFileSync(ws.file('app/convox.yml'), 'utf8'));
  const { diagnostics } = await client.diagnosticsFor(manifestUri, 1);
  assert.ok(!diagnostics.some((d) => /nginx/.test(String(d.code))), JSON.stringify(diagnostics.map((d) => d.code)));
  assert.ok(!JSON.stringify(diagnostics).includes('outside'), 'no finding or related location points outside');
  assert.equal(client.latest(pathToFileURL(ws.file('outside/nginx.conf')).href), undefined, 'nothing published for the file outside');

  // The converter, asked for the compose file: the env file and the extended file beside the folder are not read.
  const composeUri = pathToFileURL(ws.file('app/docker-compose.yml')).href;
  const result = (await client.connection.sendRequest(ExecuteCommandRequest.type, {
    command: 'convox.convert',
    arguments: [{ uri: composeUri, text: readFileSync(ws.file('app/docker-compose.yml'), 'utf8') }],
  })) as { manifest: string; report: { message: string }[] };
  const everything = JSON.stringify(result);
  assert.ok(!everything.includes(SECRET), 'no value from outside');
  assert.ok(!everything.includes('OUTSIDE_ONLY_NAME'), 'not even a variable name from the env file outside');
  assert.ok(result.report.some((note) => /secret\.env could not be read/.test(note.message)), JSON.stringify(result.report));
  assert.ok(result.report.some((note) => /base\.yml, which could not be read/.test(note.message)), JSON.stringify(result.report));
});

test('the CLI from inside the app folder reads nothing beside it, for lint and for convert', async (t) => {
  const ws = repository();
  t.after(() => ws.remove());
  const lint = await runCli(['lint', '--format', 'json', 'convox.yml'], ws.file('app'));
  assert.ok(lint.code === 0 || lint.code === 1, lint.stderr);
  assert.ok(!lint.stdout.includes('outside'), lint.stdout);
  assert.match(lint.stderr, /^convox-yml: note: did not read .*outside.*: (links )?outside the workspace/m, 'the refusals are noted');
  const convert = await runCli(['convert', 'docker-compose.yml'], ws.file('app'));
  assert.equal(convert.code, 0, convert.stderr);
  assert.ok(!(convert.stdout + convert.stderr).includes(SECRET));
  assert.ok(!convert.stdout.includes('OUTSIDE_ONLY_NAME'), convert.stdout);
  assert.match(convert.stderr, /secret\.env could not be read/);

  // The control: with the parent folder as the root, the same files are read and the nginx finding shows, so the
  // silence above is the guard's doing.
  const widened = await runCli(['lint', '--root', ws.root, 'app/convox.yml'], ws.root);
  assert.match(widened.stdout, /outside\/nginx\.conf:4:\d+: .*\[nginx-/, widened.stdout);
});
