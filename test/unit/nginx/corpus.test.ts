import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ManifestDocument } from '../../../server/src/service/document';
import { validateManifest } from '../../../server/src/service/diagnostics/validate';
import { nginxFileDiagnostics } from '../../../server/src/service/nginx/diagnostics';
import { parseNginx } from '../../../server/src/service/nginx/parse';
import { normalizeSettings } from '../../../server/src/service/settings';
import { nodeWorkspace } from '../../../server/src/service/workspace/files';
import { CORPUS, corpusNotes } from '../../helpers/corpus';
import { tempWorkspace } from '../../helpers/tempWorkspace';

const NGINX = path.join(CORPUS, 'nginx');
const read = (relative: string) => readFileSync(path.join(CORPUS, relative), 'utf8');

/** Lints a workspace made of `files`; returns the manifest's nginx findings and each file's, as [code, underlined text]. */
function lint(files: Record<string, string>, manifest: string, target: 'v2' | 'v3') {
  const ws = tempWorkspace(files);
  try {
    const document = new ManifestDocument(pathToFileURL(ws.file(manifest)).href, 1, files[manifest]);
    const settings = normalizeSettings({ target });
    const workspace = nodeWorkspace(ws.root);
    const text = (file: string, range: { start: { line: number; character: number }; end: { character: number } }) =>
      files[file].split(/\r?\n/)[range.start.line].slice(range.start.character, range.end.character);
    const onManifest = validateManifest(document, settings, { workspace })
      .filter((d) => d.code.startsWith('nginx-'))
      .map((d) => [d.code, text(manifest, d.range), (d.relatedInformation ?? []).map((r) => path.relative(ws.root, new URL(r.location.uri).pathname))]);
    const inFiles: Record<string, string[][]> = {};
    for (const [uri, diagnostics] of nginxFileDiagnostics(document, settings, workspace)) {
      const file = path.relative(ws.root, new URL(uri).pathname);
      inFiles[file] = diagnostics.map((d) => [d.code, text(file, d.range)]);
    }
    return { onManifest, inFiles };
  } finally {
    ws.remove();
  }
}

const HOST = (value: string) => ['nginx-host-header', `proxy_set_header Host ${value}`];
const FORWARDED = ['nginx-forwarded-for', 'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for'];
const COMPOSE = (host: string) => ['nginx-compose-host', host];

/** What each corpus config holds (MANIFEST.tsv notes), deployed as the nginx service of a one-service app. */
const EXPECTED: Record<string, string[][]> = {
  'CapitolZen__CapitolZen-Backend__compose__nginx__nginx.conf': [COMPOSE('django'), FORWARDED, HOST('$http_host')],
  'MattiPaivike__django_chatbot__nginx_proxy__default.conf.tpl.conf': [COMPOSE('app'), FORWARDED, HOST('$host')],
  'TimeZHero__laravel-production-ready__confs__nginx__server-common.conf': [],
  'cmc333333__mapusaurus__.docker__nginx.conf.tpl.conf': [COMPOSE('app'), FORWARDED, HOST('$http_host')],
  'docker__awesome-compose__nginx-flask-mongo__nginx__nginx.conf': [],
  'docker__awesome-compose__nginx-golang__proxy__nginx.conf': [COMPOSE('backend')],
  'getsentry__self-hosted__nginx.conf': [HOST('$host'), COMPOSE('relay'), COMPOSE('web')],
  'kubernetes__kompose__script__test__fixtures__nginx-node-redis__nginx__nginx.conf': [COMPOSE('node1'), COMPOSE('node2'), COMPOSE('node3'), HOST('$host')],
  'lz430__app__backend__compose__prod__nginx__nginx.conf': [],
  'lz430__app__backend__compose__prod__php-fpm__conf__nginx-site.conf': [],
  'lz430__app__backend__compose__prod__redirect__nginx.conf': [],
  'testdrivenio__django-on-docker__nginx__nginx.conf': [COMPOSE('web'), FORWARDED, HOST('$host')],
};

test('every corpus nginx config is listed here and parses without error', () => {
  const files = readdirSync(NGINX).sort();
  assert.deepEqual(files, Object.keys(EXPECTED).sort());
  for (const file of files) assert.deepEqual(parseNginx(read(`nginx/${file}`)).errors, [], file);
});

for (const [file, expected] of Object.entries(EXPECTED)) {
  test(`corpus nginx/${file}: findings as the notes say`, () => {
    const text = read(`nginx/${file}`);
    const notes = corpusNotes().get(`nginx/${file}`) ?? '';
    // A file with http {} is the main config; the others are server-level configs for conf.d.
    const main = parseNginx(text).directives.some((d) => d.name === 'http' || d.name === 'events');
    const { onManifest, inFiles } = lint(
      {
        'convox.yml': 'services:\n  nginx:\n    build: .\n    port: 80\n',
        Dockerfile: `FROM nginx\nCOPY ${file} /etc/nginx/${main ? 'nginx.conf' : 'conf.d/default.conf'}\n`,
        [file]: text,
      },
      'convox.yml',
      'v3',
    );
    assert.deepEqual(inFiles[file] ?? [], expected);
    const hasHost = expected.some(([code]) => code === 'nginx-host-header');
    assert.equal(hasHost, /HAS .*Host/.test(notes), `the notes say ${notes}`);
    assert.deepEqual(onManifest, hasHost ? [['nginx-host-header', '.', [file]]] : []);
  });
}

test('pair CapitolZen: the nginx service of the early Gen2 convox.yml forwards Host to a compose-only "django"', () => {
  const files = {
    'convox.yml': read('pairs/CapitolZen__CapitolZen-Backend/convox.yml'),
    'compose/nginx/nginx.conf': read('pairs/CapitolZen__CapitolZen-Backend/compose__nginx__nginx.conf'),
    // The repository's compose/nginx/Dockerfile is not in the corpus: the cookiecutter-django one it comes from.
    'compose/nginx/Dockerfile': 'FROM nginx:latest\nADD nginx.conf /etc/nginx/nginx.conf\n',
  };
  for (const target of ['v2', 'v3'] as const) {
    const { onManifest, inFiles } = lint(files, 'convox.yml', target);
    assert.deepEqual(onManifest, [['nginx-host-header', './compose/nginx', ['compose/nginx/nginx.conf']]], target);
    assert.deepEqual(inFiles, { 'compose/nginx/nginx.conf': [COMPOSE('django'), FORWARDED, HOST('$http_host')] }, target);
  }
});

test('pair lz430: Host is commented out and the upstreams come from env (set_by_lua): no finding', () => {
  const files = {
    'convox.yml': read('pairs/lz430__app/convox.yml'),
    'backend/compose/prod/nginx/nginx.conf': read('pairs/lz430__app/backend__compose__prod__nginx__nginx.conf'),
    'backend/compose/prod/redirect/nginx.conf': read('nginx/lz430__app__backend__compose__prod__redirect__nginx.conf'),
    'backend/compose/prod/php-fpm/conf/nginx-site.conf': read('nginx/lz430__app__backend__compose__prod__php-fpm__conf__nginx-site.conf'),
    // The Dockerfiles of lz430/app (not in the corpus), shortened to the instructions that place files.
    'backend/compose/prod/nginx/Dockerfile':
      'FROM openresty/openresty:latest-jessie\nADD ./compose/prod/nginx/nginx.conf /usr/local/openresty/nginx/conf/nginx.conf\n\nENTRYPOINT ["/usr/local/openresty/bin/openresty", "-g", "daemon off;"]\n',
    'backend/compose/prod/redirect/Dockerfile':
      'FROM openresty/openresty:latest-jessie\nADD ./compose/prod/redirect/nginx.conf /usr/local/openresty/nginx/conf/nginx.conf\n\nENTRYPOINT ["/usr/local/openresty/bin/openresty", "-g", "daemon off;"]\n',
    'backend/compose/prod/php-fpm/Dockerfile':
      'FROM php:7.2-fpm\nRUN apt-get update \\\n\t&& apt-get install -y \\\n\t\tnginx \\\n    && rm -rf /var/lib/apt/lists/*\nCOPY ./compose/prod/php-fpm/conf/nginx-site.conf /etc/nginx/sites-enabled/default\nCOPY ./compose/prod/php-fpm/conf/docker.conf /usr/local/etc/php-fpm.d\nWORKDIR /app\nCOPY . /app\nCOPY ./compose/prod/php-fpm/entrypoint.sh /entrypoint.sh\nENTRYPOINT ["sh", "/entrypoint.sh"]\n',
    'backend/compose/prod/php-fpm/entrypoint.sh': '#!/bin/sh\nnginx\nphp-fpm\n',
  };
  for (const target of ['v2', 'v3'] as const) assert.deepEqual(lint(files, 'convox.yml', target), { onManifest: [], inFiles: {} }, target);
});
