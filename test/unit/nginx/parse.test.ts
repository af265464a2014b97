import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NginxDirective, parseNginx, unescapeNginx, walkNginx } from '../../../server/src/service/nginx/parse';

const names = (directives: NginxDirective[]): unknown[] => directives.map((d) => (d.block ? [d.name, names(d.block)] : d.name));

test('directives, blocks and arguments with exact offsets', () => {
  const text = 'events { worker_connections 1024; }\nhttp {\n  server { listen 80; location / { proxy_pass http://app:8000; } }\n}\n';
  const config = parseNginx(text);
  assert.deepEqual(config.errors, []);
  assert.deepEqual(names(config.directives), [['events', ['worker_connections']], ['http', [['server', ['listen', ['location', ['proxy_pass']]]]]]]);
  const [proxyPass] = [...walkNginx(config.directives)].filter(([d]) => d.name === 'proxy_pass').map(([d, parents]) => [d, parents.map((p) => p.name)] as const);
  assert.deepEqual(proxyPass[1], ['http', 'server', 'location']);
  const arg = proxyPass[0].args[0];
  assert.equal(text.slice(arg.start, arg.end), 'http://app:8000');
  assert.equal(text.slice(proxyPass[0].start, proxyPass[0].end), 'proxy_pass http://app:8000;');
});

test('comments start only at the beginning of a word', () => {
  const config = parseNginx('# whole line\nadd_header X a#b; # trailing\n#proxy_set_header Host $host;\n');
  assert.deepEqual(config.errors, []);
  assert.equal(config.directives.length, 1);
  assert.deepEqual(config.directives[0].args.map((a) => a.value), ['X', 'a#b']);
});

test('quoted strings keep spaces, semicolons and braces, and take escapes', () => {
  const text = `log_format main '$remote_addr "$request" {x};' "a \\"b\\" \\\\ c\\td";\nreturn 200 'it\\'s';`;
  const config = parseNginx(text);
  assert.deepEqual(config.errors, []);
  const [logFormat, ret] = config.directives;
  assert.deepEqual(logFormat.args.map((a) => a.value), ['main', '$remote_addr "$request" {x};', 'a "b" \\ c\td']);
  assert.equal(logFormat.args[1].quote, "'");
  assert.equal(text.slice(logFormat.args[1].start, logFormat.args[1].end), `'$remote_addr "$request" {x};'`);
  assert.deepEqual(ret.args.map((a) => a.value), ['200', "it's"]);
});

test('${var} keeps its braces inside a word; a quoted string may be followed by ")"', () => {
  const config = parseNginx("listen ${NGINX_PORT};\nserver_name ${HOST}.example.com;\nif ($http_x_forwarded_proto != 'https') { return 301 https://$host$request_uri; }\n");
  assert.deepEqual(config.errors, []);
  assert.deepEqual(config.directives[0].args.map((a) => a.value), ['${NGINX_PORT}']);
  assert.deepEqual(config.directives[1].args.map((a) => a.value), ['${HOST}.example.com']);
  const ifBlock = config.directives[2];
  assert.deepEqual(ifBlock.args.map((a) => a.value), ['($http_x_forwarded_proto', '!=', 'https', ')']);
  assert.deepEqual(names(ifBlock.block!), ['return']);
});

test('an escaped semicolon does not end a directive', () => {
  const config = parseNginx('rewrite ^/a\\;b /c;');
  assert.deepEqual(config.errors, []);
  assert.deepEqual(config.directives[0].args.map((a) => a.value), ['^/a\\;b', '/c']);
  assert.equal(unescapeNginx('\\"x\\\\y\\n'), '"x\\y\n');
});

test('Lua blocks are skipped as Lua (braces in strings and comments do not count)', () => {
  const text = "location / {\n  content_by_lua_block {\n    -- it's a comment with }\n    local t = { a = '}' }\n    ngx.say([[ } ]])\n  }\n  proxy_pass http://app;\n}\n";
  const config = parseNginx(text);
  assert.deepEqual(config.errors, []);
  assert.deepEqual(names(config.directives), [['location', [['content_by_lua_block', []], 'proxy_pass']]]);
});

test('broken input is reported, never thrown, and parsing goes on', () => {
  const missingSemicolon = parseNginx('server { listen 80 }\nhttp { }');
  assert.match(missingSemicolon.errors[0].message, /not terminated/);
  assert.deepEqual(names(missingSemicolon.directives), [['server', ['listen']], ['http', []]]);
  const unclosed = parseNginx('http { server { listen 80;');
  assert.ok(unclosed.errors.some((e) => /unexpected end of file/.test(e.message)));
  assert.deepEqual(names(unclosed.directives), [['http', [['server', ['listen']]]]]);
  const stray = parseNginx('} ; listen 80; "unterminated');
  assert.ok(stray.errors.some((e) => /unexpected "}"/.test(e.message)));
  assert.ok(stray.errors.some((e) => /unterminated/.test(e.message)));
  for (const text of ['', '{', '}}}', '"', "'", '\\', '${', 'a {{{ b', '\0\0']) assert.doesNotThrow(() => parseNginx(text));
});

test('a template with ${VAR} placeholders and a fragment without a server block parse', () => {
  const template = parseNginx('server {\n  listen ${PORT};\n  location / {\n    proxy_pass http://${UPSTREAM_HOST}:${UPSTREAM_PORT};\n  }\n}\n');
  assert.deepEqual(template.errors, []);
  const proxyPass = [...walkNginx(template.directives)].find(([d]) => d.name === 'proxy_pass')![0];
  assert.equal(proxyPass.args[0].value, 'http://${UPSTREAM_HOST}:${UPSTREAM_PORT}');
  const fragment = parseNginx('listen 8080;\nlisten [::]:8080;\nlocation ~ /\\.(?!well-known).* {\n    deny all;\n}\n');
  assert.deepEqual(fragment.errors, []);
  assert.equal(fragment.directives[2].args[1].value, '/\\.(?!well-known).*');
});
