import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lines, lint, withCode } from '../checks/lint';

const web = (...entries: string[]) => lines('services:', '  web:', '    build: .', ...entries.map((e) => `    ${e}`));

test('heroku-port: v3 passes $PORT literally (no shell); the fix data carries the declared port', () => {
  const [found, ...rest] = withCode(lint(web('port: 3000', 'command: bundle exec puma -p $PORT')), 'heroku-port');
  assert.equal(rest.length, 0);
  assert.equal(found.text, '$PORT');
  assert.match(found.message, /reaches the program literally: on v3 Convox splits the command into arguments and runs it without a shell/);
  assert.match(found.message, /Write 3000, the service's port/);
  assert.deepEqual(found.data, { port: 3000 });
});

test('heroku-port: v3 sh -c expands $PORT, and Convox sets PORT when the service has a port', () => {
  assert.deepEqual(withCode(lint(web('port: 3000', "command: sh -c 'puma -p $PORT'")), 'heroku-port'), []);
  assert.deepEqual(withCode(lint(web('port: 3000', 'command: /bin/bash -lc "exec puma -p $PORT"')), 'heroku-port'), []);
  const [unset] = withCode(lint(web("command: sh -c 'worker --port $PORT'")), 'heroku-port');
  assert.match(unset.message, /sets PORT only for services with `port:`, and service "web" has none/);
  assert.equal(unset.data, undefined);
  // declared in the manifest's environment: set at runtime
  assert.deepEqual(withCode(lint(lines('environment:', '  - PORT=4000', 'services:', '  web:', "    command: sh -c 'worker --port $PORT'")), 'heroku-port'), []);
});

test('heroku-port: ${PORT} is interpolated by Convox at build/promote, in a command and in port', () => {
  const [command] = withCode(lint(web('port: http:8080', 'command: java -Dport=${PORT} -jar app.jar')), 'heroku-port');
  assert.equal(command.text, '${PORT}');
  assert.match(command.message, /Convox replaces `\$\{PORT\}` in convox\.yml when it builds and promotes/);
  assert.deepEqual(command.data, { port: 8080 });
  // one finding per problem: the generic undeclared-variable note yields to this rule
  assert.deepEqual(withCode(lint(web('port: http:8080', 'command: java -Dport=${PORT} -jar app.jar')), 'undeclared-variable'), []);
  // `${PORT:-3000}` is interpolation-default's (Convox has no default syntax)
  const shellDefault = lint(web('port: 3000', "command: sh -c 'puma -p ${PORT:-3000}'"));
  assert.deepEqual(withCode(shellDefault, 'heroku-port'), []);
  assert.equal(withCode(shellDefault, 'interpolation-default').length, 1);
  // a bare `- PORT` makes the app env required, so the value is there
  assert.deepEqual(withCode(lint(lines('environment:', '  - PORT', 'services:', '  web:', '    port: ${PORT}')), 'heroku-port'), []);
});

test('heroku-port: Algorhythm-IO/ghost-on-heroku convox.yml (`port: ${PORT}` with environment "*")', () => {
  // https://github.com/Algorhythm-IO/ghost-on-heroku/blob/2cb8d3c299f54238da5097b7be01ea02f0e37129/convox.yml
  const text = lines('services:', '  web:', '    build: .', '    environment:', '      - "*"', '    port: ${PORT}', '    domain: ${HOST}', '    volumes:', '      - /app/content');
  for (const target of ['v3', 'v2'] as const) {
    const found = withCode(lint(text, target), 'heroku-port');
    assert.deepEqual(found.map((f) => [f.text, f.line]), [['${PORT}', 5]], target);
    assert.match(found[0].message, /The service then has no port: no load balancer, no health check/);
  }
});

test('heroku-port: v2 runs a string command with sh -c but sets no PORT', () => {
  const [found] = withCode(lint(web('port: 3000', 'command: bundle exec puma -p $PORT'), 'v2'), 'heroku-port');
  assert.match(found.message, /v2 runs the command with `sh -c`, so "\$PORT" expands at runtime, but v2 racks do not set PORT/);
  assert.deepEqual(withCode(lint(lines('services:', '  web:', '    port: 3000', '    environment:', '      - PORT=3000', '    command: puma -p $PORT'), 'v2'), 'heroku-port'), []);
  const [list] = withCode(lint(web('port: 3000', 'command: [puma, -p, $PORT]'), 'v2'), 'heroku-port');
  assert.equal(list.text, '$PORT');
  assert.match(list.message, /v2 runs a command list without a shell/);
});

test('heroku-port: other variables and clean manifests are not reported', () => {
  assert.deepEqual(withCode(lint(web('port: 3000', 'command: bin/start --port 3000 $PORTAL ${PORTS}')), 'heroku-port'), []);
  assert.deepEqual(withCode(lint(lines('services:', '  web:', '    command: java -jar 001-sample.jar server etc/settings.yml', '    health: /admin/healthcheck', '    port: http:8080')), 'heroku-port'), []);
});
