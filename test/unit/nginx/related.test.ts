import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConvoxDiagnostic } from '../../../server/src/service/diagnostics/rule';
import { analyzeNginx, ConfigFile } from '../../../server/src/service/nginx/analyze';
import { parseNginx } from '../../../server/src/service/nginx/parse';
import { nodeWorkspace } from '../../../server/src/service/workspace/files';
import { isNginxFile, manifestsAbove, RelatedDiagnostics } from '../../../server/src/service/workspace/related';
import { tempWorkspace } from '../../helpers/tempWorkspace';

const diagnostic = (line: number, related: string): ConvoxDiagnostic => ({
  code: 'nginx-host-header',
  message: 'm',
  range: { start: { line, character: 0 }, end: { line, character: 5 } },
  relatedInformation: [{ location: { uri: related, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } }, message: related }],
});

test('diagnostics from several manifests are merged per file, and cleared when no manifest reports them', () => {
  const published: [string, ConvoxDiagnostic[]][] = [];
  const related = new RelatedDiagnostics((uri, diagnostics) => published.push([uri, diagnostics]));
  related.update('file:///a/convox.yml', new Map([['file:///a/nginx.conf', [diagnostic(3, 'a')]]]));
  related.update('file:///a/convox.staging.yml', new Map([['file:///a/nginx.conf', [diagnostic(3, 'b')]]]));
  assert.deepEqual(
    published.map(([uri, d]) => [uri, d.map((x) => x.relatedInformation!.map((r) => r.message))]),
    [
      ['file:///a/nginx.conf', [['a']]],
      ['file:///a/nginx.conf', [['a', 'b']]],
    ],
  );
  // The same result again publishes nothing.
  related.update('file:///a/convox.staging.yml', new Map([['file:///a/nginx.conf', [diagnostic(3, 'b')]]]));
  assert.equal(published.length, 2);
  related.remove('file:///a/convox.yml');
  related.remove('file:///a/convox.staging.yml');
  assert.deepEqual(published.slice(2).map(([, d]) => d.length), [1, 0]);
  assert.deepEqual(related.sources(), []);
});

test('nginx file names, and the manifests above a config', (t) => {
  for (const uri of ['file:///x/nginx.conf', 'file:///x/site.conf.template', 'file:///x/default.conf.tpl', 'file:///x/a.tpl', 'file:///x/nginx.conf.bak']) assert.ok(isNginxFile(uri), uri);
  assert.ok(isNginxFile('file:///x/site', 'nginx'));
  assert.ok(!isNginxFile('file:///x/convox.yml', 'yaml'));
  const ws = tempWorkspace({ 'convox.yml': '', 'app/convox.staging.yml': '', 'app/proxy/nginx.conf': '', 'app/proxy/docker-compose.yml': '' });
  t.after(() => ws.remove());
  const workspace = nodeWorkspace(ws.root)!;
  assert.deepEqual(manifestsAbove(workspace, ws.file('app/proxy/nginx.conf')), [ws.file('app/convox.staging.yml'), ws.file('convox.yml')]);
  assert.deepEqual(manifestsAbove(nodeWorkspace(ws.file('app'))!, ws.file('app/proxy/nginx.conf')), [ws.file('app/convox.staging.yml')], 'not above the root');
});

test('the analysis never throws on odd configs', () => {
  const env = { target: 'v3' as const, services: new Map([['web', [3000]]]) };
  const inputs = [
    'proxy_pass;',
    'proxy_pass "";',
    'upstream { server; }',
    'upstream x { server [::1]:80; server unix:/s; server $x; }\nproxy_pass http://x;',
    'location / { proxy_set_header; proxy_set_header Host; proxy_pass http://[fe80::1]:80; }',
    'proxy_pass http://web:notaport/x;',
    'include self.conf; include;',
    '}}}{{{ proxy_set_header Host $host; proxy_pass http://a',
  ];
  for (const text of inputs) {
    const file: ConfigFile = { path: '/w/self.conf', uri: 'file:///w/self.conf', config: parseNginx(text) };
    assert.doesNotThrow(() => analyzeNginx(file, env, () => [file]), text);
  }
});
