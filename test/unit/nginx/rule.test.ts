import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ManifestDocument } from '../../../server/src/service/document';
import { validateManifest } from '../../../server/src/service/diagnostics/validate';
import { nginxFileDiagnostics } from '../../../server/src/service/nginx/diagnostics';
import { normalizeSettings } from '../../../server/src/service/settings';
import { nodeWorkspace } from '../../../server/src/service/workspace/files';
import { tempWorkspace } from '../../helpers/tempWorkspace';

interface Result {
  /** nginx-* diagnostics of the manifest: [code, underlined text]. */
  manifest: [string, string][];
  /** nginx diagnostics by file (relative to the workspace): [code, underlined text, message]. */
  files: Record<string, [string, string, string][]>;
  related: { uri: string; text: string }[];
}

/** Lints `convox.yml` of a temporary workspace made of `files`, with workspace access. */
function lint(files: Record<string, string>, settings: object = {}, trusted = true): Result {
  const ws = tempWorkspace(files);
  try {
    const manifestPath = ws.file('convox.yml');
    const document = new ManifestDocument(pathToFileURL(manifestPath).href, 1, files['convox.yml']);
    const workspace = trusted ? nodeWorkspace(ws.root) : undefined;
    const normalized = normalizeSettings(settings);
    const underlined = (text: string, d: { range: { start: { line: number; character: number }; end: { line: number; character: number } } }) => {
      const lines = text.split('\n');
      return d.range.start.line === d.range.end.line ? lines[d.range.start.line].slice(d.range.start.character, d.range.end.character) : '(multi-line)';
    };
    const manifestDiagnostics = validateManifest(document, normalized, { workspace }).filter((d) => d.code.startsWith('nginx-'));
    const result: Result = { manifest: manifestDiagnostics.map((d) => [d.code, underlined(document.text, d)]), files: {}, related: [] };
    for (const d of manifestDiagnostics) {
      for (const info of d.relatedInformation ?? []) {
        const file = new URL(info.location.uri).pathname;
        result.related.push({ uri: path.relative(ws.root, file), text: underlined(files[path.relative(ws.root, file)], { range: info.location.range }) });
      }
    }
    for (const [uri, diagnostics] of nginxFileDiagnostics(document, normalized, workspace)) {
      const relative = path.relative(ws.root, new URL(uri).pathname);
      result.files[relative] = diagnostics.map((d) => [d.code, underlined(files[relative], d), d.message]);
    }
    return result;
  } finally {
    ws.remove();
  }
}

const codes = (result: Result) => Object.fromEntries(Object.entries(result.files).map(([file, list]) => [file, list.map(([code, text]) => [code, text])]));

const PROXY_DOCKERFILE = 'FROM nginx:1.25\nCOPY nginx.conf /etc/nginx/nginx.conf\n';
const CAPITOL_LIKE = `events { worker_connections 1024; }
http {
  upstream app {
    server django:5000;
  }
  server {
    listen 80;
    location / {
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header Host $http_host;
      proxy_pass http://app;
    }
  }
}
`;

test('Host forwarding, X-Forwarded-For chaining and a compose-only upstream host, in the nginx file and on the service', () => {
  const result = lint({
    'convox.yml': 'services:\n  proxy:\n    build: ./proxy\n    port: 80\n',
    'proxy/Dockerfile': PROXY_DOCKERFILE,
    'proxy/nginx.conf': CAPITOL_LIKE,
  });
  assert.deepEqual(result.manifest, [['nginx-host-header', './proxy']]);
  assert.deepEqual(result.related, [{ uri: 'proxy/nginx.conf', text: 'proxy_set_header Host $http_host' }]);
  assert.deepEqual(codes(result), {
    'proxy/nginx.conf': [
      ['nginx-compose-host', 'django'],
      ['nginx-forwarded-for', 'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for'],
      ['nginx-host-header', 'proxy_set_header Host $http_host'],
    ],
  });
  const [compose, forwarded, host] = result.files['proxy/nginx.conf'].map(([, , message]) => message);
  assert.match(compose, /"django" is not a service in this convox\.yml/);
  assert.match(compose, /host not found in upstream "django:5000"/);
  assert.match(forwarded, /already sets X-Forwarded-For/);
  assert.match(host, /forwards the client's Host header to http:\/\/app \(upstream app: django:5000\)/);
  assert.match(host, /Remove this line .* or write proxy_set_header Host \$proxy_host;/);
});

test('the service finding names the file and line, at build.path in the map form', () => {
  const ws = tempWorkspace({
    'convox.yml': 'services:\n  proxy:\n    build:\n      path: .\n      manifest: docker/nginx.Dockerfile\n',
    'docker/nginx.Dockerfile': 'FROM nginx\nCOPY docker/site.conf /etc/nginx/conf.d/default.conf\n',
    'docker/site.conf': 'server {\n  location / {\n    proxy_set_header Host $host;\n    proxy_pass https://api.example.com;\n  }\n}\n',
  });
  try {
    const document = new ManifestDocument(pathToFileURL(ws.file('convox.yml')).href, 1, 'services:\n  proxy:\n    build:\n      path: .\n      manifest: docker/nginx.Dockerfile\n');
    const [diagnostic] = validateManifest(document, normalizeSettings({}), { workspace: nodeWorkspace(ws.root) }).filter((d) => d.code === 'nginx-host-header');
    assert.equal(diagnostic.message.startsWith("Service proxy builds an nginx config that forwards the client's Host header to the app (docker/site.conf line 3: proxy_set_header Host $host)."), true, diagnostic.message);
    assert.deepEqual(diagnostic.range, { start: { line: 3, character: 12 }, end: { line: 3, character: 13 } });
    assert.equal(diagnostic.relatedInformation![0].location.uri, pathToFileURL(ws.file('docker/site.conf')).href);
    assert.deepEqual(diagnostic.relatedInformation![0].location.range, { start: { line: 2, character: 4 }, end: { line: 2, character: 31 } });
  } finally {
    ws.remove();
  }
});

test('proxying to a Convox service by name and port works on v3 (no finding); on v2 the bare name does not resolve', () => {
  const files = {
    'convox.yml': 'services:\n  web:\n    build: .\n    port: 3000\n  proxy:\n    build: ./proxy\n    port: 80\n',
    Dockerfile: 'FROM ruby\n',
    'proxy/Dockerfile': PROXY_DOCKERFILE,
    'proxy/nginx.conf': 'http { server { location / { proxy_set_header Host $host; proxy_pass http://web:3000; } } }\n',
  };
  const v3 = lint(files);
  assert.deepEqual(v3.manifest, []);
  assert.deepEqual(v3.files, {});
  const v2 = lint(files, { target: 'v2' });
  assert.deepEqual(v2.manifest, [['nginx-host-header', './proxy']]);
  assert.deepEqual(codes(v2), { 'proxy/nginx.conf': [['nginx-host-header', 'proxy_set_header Host $host'], ['nginx-compose-host', 'web']] });
  assert.match(v2.files['proxy/nginx.conf'][1][2], /not reachable by their bare name on a v2 rack.*web\.<app>\.<rack>\.convox \(the WEB_URL that links: injects\)/);
});

test('a Convox service on the wrong port, or without a port, is reported on v3 (the Host header is fine in the cluster)', () => {
  const result = lint({
    'convox.yml': 'services:\n  web:\n    build: .\n    port: "https:3000"\n  worker:\n    build: .\n  proxy:\n    build: ./proxy\n',
    Dockerfile: 'FROM ruby\n',
    'proxy/Dockerfile': PROXY_DOCKERFILE,
    'proxy/nginx.conf': 'http {\n  upstream jobs { server worker:5000; }\n  server {\n    proxy_set_header Host $host;\n    location / { proxy_pass http://web:8000; }\n    location /jobs { proxy_pass http://jobs; }\n    location /ok { proxy_pass https://web:3000/x; }\n  }\n}\n',
  });
  assert.deepEqual(codes(result), { 'proxy/nginx.conf': [['nginx-compose-host', 'worker'], ['nginx-compose-host', 'web']] });
  const [worker, web] = result.files['proxy/nginx.conf'].map(([, , message]) => message);
  assert.match(worker, /Service "worker" has no port, so Convox creates no Kubernetes Service/);
  assert.match(web, /Service "web" listens on port 3000 .* not 8000: connections to web:8000 fail\. Use web:3000\./);
});

test('includes are read (image paths, globs, relative to the conf prefix) and findings land in the included file', () => {
  const result = lint({
    'convox.yml': 'services:\n  proxy:\n    build: ./proxy\n    port: 80\n',
    'proxy/Dockerfile': 'FROM nginx\nCOPY nginx.conf /etc/nginx/nginx.conf\nCOPY conf.d /etc/nginx/conf.d\nCOPY snippets/ /etc/nginx/snippets/\n',
    'proxy/nginx.conf': 'events {}\nhttp {\n  include mime.types;\n  include /etc/nginx/conf.d/*.conf;\n}\n',
    'proxy/conf.d/site.conf': 'server {\n  location / {\n    include snippets/proxy.conf;\n    proxy_pass http://backend:8080;\n  }\n}\n',
    'proxy/snippets/proxy.conf': 'proxy_set_header Host $http_host;\nproxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n',
  });
  assert.deepEqual(codes(result), {
    'proxy/conf.d/site.conf': [['nginx-compose-host', 'backend']],
    'proxy/snippets/proxy.conf': [
      ['nginx-host-header', 'proxy_set_header Host $http_host'],
      ['nginx-forwarded-for', 'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for'],
    ],
  });
  assert.deepEqual(result.related, [{ uri: 'proxy/snippets/proxy.conf', text: 'proxy_set_header Host $http_host' }]);
});

test('proxy_set_header is inherited only by levels that set none themselves', () => {
  const result = lint({
    'convox.yml': 'services:\n  proxy:\n    build: .\n',
    Dockerfile: PROXY_DOCKERFILE,
    'nginx.conf': 'http {\n  proxy_set_header Host $host;\n  server {\n    location / {\n      proxy_set_header X-Real-IP $remote_addr;\n      proxy_pass http://app.example.com;\n    }\n  }\n}\n',
  });
  assert.deepEqual(result.files, {});
  const inherited = lint({
    'convox.yml': 'services:\n  proxy:\n    build: .\n',
    Dockerfile: PROXY_DOCKERFILE,
    'nginx.conf': 'http {\n  proxy_set_header Host $host;\n  server {\n    location / {\n      if ($request_method = POST) { proxy_pass http://app.example.com; }\n    }\n  }\n}\n',
  });
  assert.deepEqual(codes(inherited), { 'nginx.conf': [['nginx-host-header', 'proxy_set_header Host $host']] });
});

test('hosts in variables and templates are not judged; local and in-cluster targets keep the client Host', () => {
  const result = lint({
    'convox.yml': 'services:\n  proxy:\n    build: .\n',
    Dockerfile: 'FROM nginx\nCOPY templates/ /etc/nginx/templates/\nCOPY local.conf /etc/nginx/conf.d/\n',
    'templates/default.conf.template':
      'server {\n  location / {\n    proxy_set_header Host $host;\n    proxy_pass http://${APP_HOST}:${APP_PORT};\n  }\n  location /lua {\n    set_by_lua $backend \'return os.getenv("APP_URL")\';\n    proxy_pass $backend;\n  }\n}\n',
    'local.conf':
      'server {\n  proxy_set_header Host $host;\n  location / { proxy_pass http://127.0.0.1:3000; }\n  location /s { proxy_pass http://unix:/tmp/app.sock; }\n  location /c { proxy_pass http://api.app.rack.local:5000; }\n  # proxy_set_header Host $http_host;\n}\n',
  });
  // The template's Host goes to an unknown (variable) upstream: it may be a service URL through the balancer.
  assert.deepEqual(codes(result), { 'templates/default.conf.template': [['nginx-host-header', 'proxy_set_header Host $host']] });
});

test('the rule never reads files it must not: untrusted, image services, contexts outside the workspace', () => {
  const files = {
    'convox.yml': 'services:\n  proxy:\n    build: ./proxy\n  image:\n    image: nginx\n    build: ./proxy\n  far:\n    build: ../../../../etc\n',
    'proxy/Dockerfile': PROXY_DOCKERFILE,
    'proxy/nginx.conf': CAPITOL_LIKE,
  };
  assert.deepEqual(lint(files, {}, false), { manifest: [], files: {}, related: [] });
  const trusted = lint(files);
  assert.deepEqual(trusted.manifest, [['nginx-host-header', './proxy']], 'only the built service, not the image one');
});

test('severities, rules turned off and # convox-ignore in the nginx file apply', () => {
  const files = {
    'convox.yml': 'services:\n  proxy:\n    build: .\n',
    Dockerfile: PROXY_DOCKERFILE,
    'nginx.conf': CAPITOL_LIKE.replace('      proxy_set_header Host', '      # convox-ignore nginx-host-header\n      proxy_set_header Host'),
  };
  const ignored = lint(files);
  assert.deepEqual(codes(ignored), { 'nginx.conf': [['nginx-compose-host', 'django'], ['nginx-forwarded-for', 'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for']] });
  assert.deepEqual(ignored.manifest, [], 'the comment in the nginx file silences the service finding too');
  const off = lint({ ...files, 'nginx.conf': CAPITOL_LIKE }, { rules: { 'nginx-host-header': 'off', 'nginx-compose-host': 'error' } });
  assert.deepEqual(off.manifest, []);
  assert.deepEqual(codes(off), { 'nginx.conf': [['nginx-compose-host', 'django'], ['nginx-forwarded-for', 'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for']] });
  const all = lint({ ...files, 'nginx.conf': CAPITOL_LIKE }, { rules: { 'nginx-host-header': 'off', 'nginx-compose-host': 'off', 'nginx-forwarded-for': 'off' } });
  assert.deepEqual(all.files, {});
});
