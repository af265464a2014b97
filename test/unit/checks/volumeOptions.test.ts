import assert from 'node:assert/strict';
import { test } from 'node:test';
import { at, lines, lint, withCode } from './lint';

const volumes = (...items: string[]) => lines('services:', '  web:', '    build: .', '    volumeOptions:', ...items.map((l) => `      ${l}`));
const azure = (size: string) => volumes('- azureFiles:', '    id: shared', '    mountPath: /data', '    accessMode: ReadWriteMany', `    shareSize: ${size}`);

test('invalid-volume-options: an Azure Files share below 100Gi', () => {
  const [finding, ...rest] = withCode(lint(azure('50Gi')), 'invalid-volume-options');
  assert.equal(rest.length, 0);
  assert.equal(finding.text, '50Gi');
  assert.equal(finding.message, 'azureFiles.shareSize must be at least 100Gi (Azure Premium NFS minimum). Write `shareSize: 100Gi` or more. (service web, volumeOptions[0])');
  // 100G (decimal) is less than 100Gi (binary).
  assert.equal(withCode(lint(azure('100G')), 'invalid-volume-options').length, 1);
});

test('invalid-volume-options: shares of 100Gi or more are fine', () => {
  for (const size of ['100Gi', '1Ti', '200G', '107374182400']) assert.deepEqual(withCode(lint(azure(size)), 'invalid-volume-options'), [], size);
});

test('invalid-volume-options: what the schema reports (missing id, bad medium) is reported once', () => {
  const found = lint(volumes('- emptyDir:', '    mountPath: /tmp/cache', '- emptyDir:', '    id: fast', '    mountPath: /fast', '    medium: Disk'));
  assert.equal(found.filter((f) => f.code === 'invalid-volume-options' || f.code === 'missing-key').length, 1);
  assert.equal(at(found, 'Disk').length, 1);
});

test('invalid-volume-options: a sizeLimit Kubernetes cannot parse (upper-case K) gets one diagnostic', () => {
  const found = at(lint(volumes('- emptyDir: {id: a, mountPath: /a, sizeLimit: 1K}', '- emptyDir: {id: b, mountPath: /b, sizeLimit: 1k}')), '1K');
  assert.equal(found.length, 1);
  assert.match(found[0].message, /^emptyDir\.sizeLimit is not a valid quantity/);
  assert.deepEqual(withCode(lint(volumes('- emptyDir: {id: b, mountPath: /b, sizeLimit: 512Mi, medium: Memory}')), 'invalid-volume-options'), []);
});

test('invalid-volume-options: only the first kind of an item and only service-level options are validated (as Convox)', () => {
  const text = lines(
    'services:',
    '  web:',
    '    build: .',
    '    volumeOptions:',
    '      - emptyDir: {id: cache, mountPath: /cache}',
    '        azureFiles: {id: share, mountPath: /share, accessMode: ReadWriteMany, shareSize: 1Gi}',
    '    initContainer:',
    '      volumeOptions:',
    '        - azureFiles: {id: share, mountPath: /share, accessMode: ReadWriteMany, shareSize: 1Gi}',
  );
  assert.deepEqual(withCode(lint(text), 'invalid-volume-options'), []);
  assert.deepEqual(withCode(lint(azure('1Gi'), 'v2'), 'invalid-volume-options'), []);
});
