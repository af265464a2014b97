import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ImageLayout } from '../../../server/src/service/dockerfile/image';
import { contextCopies, dockerInstructions, finalCommandWords, parseDockerfile } from '../../../server/src/service/dockerfile/parse';
import { nodeWorkspace } from '../../../server/src/service/workspace/files';
import { tempWorkspace } from '../../helpers/tempWorkspace';

const copies = (text: string) => contextCopies(parseDockerfile(text)).map((c) => [c.sources, c.imageDest, c.destIsDirectory]);

test('COPY and ADD: flags, JSON arrays, several sources, WORKDIR-relative destinations', () => {
  const dockerfile = [
    'FROM nginx:1.25',
    'COPY --chown=nginx:nginx --chmod=644 nginx.conf /etc/nginx/nginx.conf',
    'ADD ["conf.d/site.conf", "conf.d/extra.conf", "/etc/nginx/conf.d/"]',
    'WORKDIR /etc/nginx',
    'COPY --link snippets snippets/',
    'WORKDIR templates',
    'COPY default.conf.template .',
    'COPY *.tpl /opt/',
  ].join('\n');
  assert.deepEqual(copies(dockerfile), [
    [['nginx.conf'], '/etc/nginx/nginx.conf', false],
    [['conf.d/site.conf', 'conf.d/extra.conf'], '/etc/nginx/conf.d', true],
    [['snippets'], '/etc/nginx/snippets', true],
    [['default.conf.template'], '/etc/nginx/templates', false],
    [['*.tpl'], '/opt', true],
  ]);
  const [first] = contextCopies(parseDockerfile(dockerfile));
  assert.deepEqual(first.flags, { chown: 'nginx:nginx', chmod: '644' });
});

test('only the final stage (and the stages it is built FROM) counts; --from copies and remote sources are ignored', () => {
  const dockerfile = [
    'FROM node:20 AS assets',
    'COPY frontend/nginx.conf /tmp/ignored.conf',
    'FROM nginx AS base',
    'COPY base.conf /etc/nginx/conf.d/base.conf',
    'FROM python:3 AS unrelated',
    'COPY unrelated.conf /etc/nginx/nginx.conf',
    'FROM base',
    'COPY --from=assets /app/dist /usr/share/nginx/html',
    'COPY --from=nginx:alpine /etc/nginx/nginx.conf /etc/nginx/nginx.conf',
    'ADD https://example.com/x.conf /etc/nginx/conf.d/',
    'ADD git@github.com:a/b.git /src',
    'COPY site.conf /etc/nginx/conf.d/',
  ].join('\n');
  assert.deepEqual(copies(dockerfile), [
    [['base.conf'], '/etc/nginx/conf.d/base.conf', false],
    [['site.conf'], '/etc/nginx/conf.d', true],
  ]);
});

test('continuations, comment lines inside them, heredocs, the escape directive and variables', () => {
  const dockerfile = [
    '# syntax=docker/dockerfile:1',
    '# escape=`',
    'FROM nginx',
    'ARG CONF_DIR=/etc/nginx',
    'ENV SITE=site',
    'COPY `',
    '  # a comment inside the continuation',
    '  ${SITE}.conf `',
    '  ${CONF_DIR}/conf.d/',
    'RUN <<EOF',
    'COPY not-an-instruction.conf /etc/nginx/',
    'EOF',
    'COPY $UNKNOWN.conf /etc/nginx/',
    'COPY <<EOT /etc/nginx/conf.d/inline.conf',
    'server { listen 80; }',
    'EOT',
    'CMD ["nginx", "-c", "/app/nginx.conf", "-g", "daemon off;"]',
  ].join('\n');
  assert.deepEqual(
    dockerInstructions(dockerfile).map((i) => i.keyword),
    ['FROM', 'ARG', 'ENV', 'COPY', 'RUN', 'COPY', 'COPY', 'CMD'],
  );
  assert.deepEqual(copies(dockerfile), [[['site.conf'], '/etc/nginx/conf.d', true]]);
  assert.deepEqual(finalCommandWords(parseDockerfile(dockerfile)), ['nginx', '-c', '/app/nginx.conf', '-g', 'daemon off;']);
});

test('the image layout maps copied files and folders (globs, recursive folders, templates, CMD -c)', (t) => {
  const ws = tempWorkspace({
    'ctx/Dockerfile': '',
    'ctx/nginx/nginx.conf': 'http {}',
    'ctx/nginx/conf.d/a.conf': '',
    'ctx/nginx/conf.d/b.conf': '',
    'ctx/nginx/conf.d/readme.md': '',
    'ctx/templates/site.conf.template': '',
    'ctx/rootfs/etc/nginx/sites-enabled/default': '',
    'ctx/rootfs/etc/nginx/mime.types': '',
    'ctx/rootfs/app/unrelated.conf': '',
    'ctx/app/proxy.conf': '',
    'ctx/app/deep/nested/other.conf': '',
  });
  t.after(() => ws.remove());
  const workspace = nodeWorkspace(ws.root)!;
  const dockerfile = parseDockerfile(
    [
      'FROM nginx',
      'COPY nginx/nginx.conf /etc/nginx/',
      'COPY nginx/conf.d /etc/nginx/conf.d',
      'COPY templates/ /etc/nginx/templates/',
      'COPY rootfs/ /',
      'COPY app /app',
      'CMD nginx -c /app/proxy.conf',
    ].join('\n'),
  );
  const layout = ImageLayout.of(dockerfile, ws.file('ctx'), workspace);
  const rel = (files: string[]) => files.map((f) => f.slice(ws.file('ctx').length + 1));
  assert.deepEqual(rel(layout.resolve('/etc/nginx/conf.d/*.conf')), ['nginx/conf.d/a.conf', 'nginx/conf.d/b.conf', 'templates/site.conf.template']);
  assert.deepEqual(rel(layout.resolve('/etc/nginx/nginx.conf')), ['nginx/nginx.conf']);
  assert.deepEqual(rel(layout.resolve('/etc/nginx/sites-enabled/*')), ['rootfs/etc/nginx/sites-enabled/default']);
  assert.deepEqual(rel(layout.resolve('/app/deep/nested/other.conf')), ['app/deep/nested/other.conf']);
  assert.deepEqual(
    layout
      .nginxConfigs()
      .map((f) => [rel([f.source])[0], f.imagePath])
      .sort(),
    [
      ['app/proxy.conf', '/app/proxy.conf'],
      ['nginx/conf.d/a.conf', '/etc/nginx/conf.d/a.conf'],
      ['nginx/conf.d/b.conf', '/etc/nginx/conf.d/b.conf'],
      ['nginx/nginx.conf', '/etc/nginx/nginx.conf'],
      ['rootfs/etc/nginx/sites-enabled/default', '/etc/nginx/sites-enabled/default'],
      ['templates/site.conf.template', '/etc/nginx/templates/site.conf.template'],
    ],
  );
});
