import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ManifestDocument } from '../../../server/src/service/document';
import { nginxFileDiagnostics } from '../../../server/src/service/nginx/diagnostics';
import { nginxCodeActions } from '../../../server/src/service/fixes/nginxFixes';
import { normalizeSettings } from '../../../server/src/service/settings';
import { nodeWorkspace } from '../../../server/src/service/workspace/files';
import { applyWorkspaceEdit } from '../../helpers/edits';
import { tempWorkspace } from '../../helpers/tempWorkspace';

/**
 * Golden tests for the nginx quick fixes: test/fixtures/nginx-quickfix/<case>.conf names the fix in a
 * `# fix: <title>` line; the file is deployed as the nginx.conf of a service, and applying the fix to its
 * nginx-host-header finding must give <case>.expected.conf byte for byte, without that finding.
 */
const ROOT = path.resolve(__dirname, '../../../../test/fixtures/nginx-quickfix');
const MANIFEST = 'services:\n  proxy:\n    build: .\n    port: 80\n';

function hostDiagnostics(text: string) {
  const ws = tempWorkspace({ 'convox.yml': MANIFEST, Dockerfile: 'FROM nginx\nCOPY nginx.conf /etc/nginx/conf.d/default.conf\n', 'nginx.conf': text });
  try {
    const document = new ManifestDocument(pathToFileURL(ws.file('convox.yml')).href, 1, MANIFEST);
    const uri = pathToFileURL(ws.file('nginx.conf')).href;
    const diagnostics = (nginxFileDiagnostics(document, normalizeSettings({}), nodeWorkspace(ws.root)).get(uri) ?? []).filter((d) => d.code === 'nginx-host-header');
    return { uri, diagnostics };
  } finally {
    ws.remove();
  }
}

for (const file of readdirSync(ROOT).filter((f) => f.endsWith('.conf') && !f.endsWith('.expected.conf'))) {
  test(`nginx quick fix ${file}`, () => {
    const input = readFileSync(path.join(ROOT, file), 'utf8');
    const expected = readFileSync(path.join(ROOT, file.replace(/\.conf$/, '.expected.conf')), 'utf8');
    const title = /^# fix: (.*?)\r?$/m.exec(input)?.[1].trim();
    assert.ok(title, 'fixture names its fix in a "# fix:" line');
    const { uri, diagnostics } = hostDiagnostics(input);
    assert.equal(diagnostics.length, 1, 'the fixture has one nginx-host-header finding');
    const actions = nginxCodeActions({ uri, version: 7, text: input }, diagnostics);
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Use $proxy_host', 'Remove proxy_set_header Host'],
    );
    const action = actions.find((a) => a.title === title)!;
    const fixed = applyWorkspaceEdit(input, uri, 7, action.edit!);
    assert.equal(fixed, expected);
    assert.deepEqual(hostDiagnostics(fixed).diagnostics, [], 'the finding is gone');
  });
}

test('no nginx action for other codes, other sources, or a range that is not a Host directive', () => {
  const text = 'location / {\n  proxy_set_header Host $host;\n  proxy_pass http://app.example.com;\n}\n';
  const range = { start: { line: 1, character: 2 }, end: { line: 1, character: 29 } };
  const file = { uri: 'file:///w/nginx.conf', version: 1, text };
  assert.deepEqual(nginxCodeActions(file, [{ range, message: '', source: 'convox', code: 'nginx-forwarded-for' }]), []);
  assert.deepEqual(nginxCodeActions(file, [{ range, message: '', source: 'other', code: 'nginx-host-header' }]), []);
  const shifted = { start: { line: 2, character: 2 }, end: range.end };
  assert.deepEqual(nginxCodeActions(file, [{ range: shifted, message: '', source: 'convox', code: 'nginx-host-header' }]), []);
});
