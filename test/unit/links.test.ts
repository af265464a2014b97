import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DocumentLink } from 'vscode-languageserver-types';
import { ManifestDocument } from '../../server/src/service/document';
import { documentLinks } from '../../server/src/service/features/links';

const doc = (text: string, uri = 'file:///w/convox.yml') => new ManifestDocument(uri, 1, text);
const link = (line: number, start: number, end: number, target: string, tooltip: string): DocumentLink => ({
  range: { start: { line, character: start }, end: { line, character: end } },
  target,
  tooltip,
});

test('links: build string and build map with manifest', () => {
  const text = [
    'services:', // 0
    '  web:', // 1
    '    build: ./app', // 2
    '  api:', // 3
    '    build: {path: app, manifest: docker/Dockerfile.prod}', // 4
    '  root:', // 5
    '    build: .', // 6
    '',
  ].join('\n');
  assert.deepEqual(documentLinks(doc(text)), [
    link(2, 11, 16, 'file:///w/app', 'Open build context ./app'),
    link(4, 18, 21, 'file:///w/app', 'Open build context app'),
    link(4, 33, 55, 'file:///w/app/docker/Dockerfile.prod', 'Open Dockerfile'),
    link(6, 11, 12, 'file:///w', 'Open build context .'),
  ]);
});

test('links: quoted values link their content; manifest without path is relative to the manifest directory', () => {
  const text = ['# café ☕', 'services:', '  web:', '    build:', '      manifest: "Dockerfile.dev"', '  api:', "    build: {path: '../shared dir'}", ''].join('\r\n');
  assert.deepEqual(documentLinks(doc(text, 'file:///w/project/convox.yml')), [
    link(4, 17, 31, 'file:///w/project/Dockerfile.dev', 'Open Dockerfile'),
    link(6, 19, 32, 'file:///w/shared%20dir', 'Open build context ../shared dir'),
  ]);
});

test('links: interpolation, missing values and non-file documents give no link', () => {
  const text = ['services:', '  a:', '    build: ${BUILD_DIR}', '  b:', '    build: {path: "${X}", manifest: Dockerfile}', '  c:', '    build:', '  d:', '    image: nginx', '  e:', '    build: {manifest: "docker/${ENV}.Dockerfile"}', ''].join('\n');
  assert.deepEqual(documentLinks(doc(text)), []);
  assert.deepEqual(documentLinks(doc('services:\n  web:\n    build: ./app\n', 'untitled:Untitled-1')), []);
  for (const broken of ['services:\n  web:\n    build: [', 'services: 3', 'services:\n  web:\n    build: {path: [a]}\n', '']) {
    assert.doesNotThrow(() => documentLinks(doc(broken)));
  }
});

test('links: a build shared through an anchor is linked once', () => {
  const text = 'services:\n  a:\n    build: &b ./app\n  b:\n    build: *b\n';
  assert.deepEqual(documentLinks(doc(text)), [link(2, 14, 19, 'file:///w/app', 'Open build context ./app')]);
});
