import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { validateManifest } from '../../../server/src/service/diagnostics/validate';
import { ManifestDocument } from '../../../server/src/service/document';
import { normalizeSettings } from '../../../server/src/service/settings';
import { CORPUS, corpusNotes } from '../../helpers/corpus';

const notes = corpusNotes();

function lint(relative: string) {
  const file = path.join(CORPUS, relative);
  const text = readFileSync(file, 'utf8');
  const document = new ManifestDocument(pathToFileURL(file).href, 1, text);
  return validateManifest(document, normalizeSettings({ target: 'v2' }), { kind: 'gen1' }).map((d) => ({
    code: d.code,
    severity: d.severity,
    message: d.message,
    line: d.range.start.line,
    text: text.slice(document.lines.offsetAt(d.range.start), document.lines.offsetAt(d.range.end)),
  }));
}

type Expected = { code: string; text?: string; message?: RegExp; line?: number };

/** The Gen1 files of convox-invalid/ (convox/rack pkg/manifest1 fixtures), with what Convox says about each. */
const INVALID: Record<string, Expected[]> = {
  // TestLoadBadVersion2: "cannot unmarshal !!map into []string"
  'convox__rack__pkg__manifest1__fixtures__bad-v2.yml': [{ code: 'gen1-ports', text: 'foo: bar', message: /^error loading manifest: cannot unmarshal !!map into \[\]string\. Write ports as a list/ }],
  'convox__rack__pkg__manifest1__fixtures__badport1.yml': [{ code: 'gen1-ports', text: '534a', message: /^invalid portmapping 534a\. / }],
  'convox__rack__pkg__manifest1__fixtures__badport3.yml': [{ code: 'gen1-ports', text: '5000:534c', message: /^invalid portmapping 5000:534c\. / }],
  'convox__rack__pkg__manifest1__fixtures__badport4.yml': [{ code: 'gen1-ports', text: '5000:9000:1000', message: /^invalid portmapping 5000:9000:1000\. / }],
  'convox__rack__pkg__manifest1__fixtures__draining-timeout-error.yml': [
    { code: 'gen1-labels', text: '9999', message: /^convox\.draining\.timeout for main must be between 1 and 3600\. Use a whole number from 1 to 3600/ },
  ],
  'convox__rack__pkg__manifest1__fixtures__invalid-health-timeout.yml': [
    { code: 'gen1-labels', text: '61', message: /^convox\.health\.timeout is invalid for web, must be a number between 0 and 60\./ },
  ],
  // `ports` indented by 3 spaces: the YAML does not parse (the Gen1 checks then stay quiet)
  'convox__rack__pkg__manifest1__fixtures__marshal.yml': [{ code: 'yaml-syntax', line: 7 }],
  'convox__rack__pkg__manifest1__fixtures__underscore_service.yml': [{ code: 'gen1-service-name', text: 'web_api', message: /^service name cannot contain an underscore: web_api\. Rename it \(e\.g\. "web-api"\)/ }],
};

/**
 * compose/ fixtures of convox/rack that Convox itself rejects (its own tests say so, or `Manifest.Validate` does),
 * although they sit among the valid compose files.
 */
const REJECTED_BY_CONVOX: Record<string, Expected[]> = {
  // build_test.go TestDoubleDockerfile: "dockerfile specified twice for web"
  'compose/convox__rack__pkg__manifest1__fixtures__double-dockerfile.yml': [{ code: 'gen1-dockerfile', text: 'dockerfile', line: 4, message: /^dockerfile specified twice for web: / }],
  // yaml.go Labels.UnmarshalYAML: "duplicate cron label convox.cron.myjob"
  'compose/convox__rack__pkg__manifest1__fixtures__docker-compose.duplicate-cron-label.yml': [
    { code: 'gen1-labels', text: 'convox.cron.myjob', line: 9, message: /^duplicate cron label convox\.cron\.myjob: .*first on line 9/ },
  ],
  // Only used for runOrder tests; Manifest.Validate rejects links to services without ports.
  'compose/convox__rack__pkg__manifest1__fixtures__runorder.yml': [
    { code: 'gen1-links', text: 'bbb', line: 3, message: /^aaa links to service: bbb which does not expose any ports\./ },
    { code: 'gen1-links', text: 'ddd', line: 8, message: /^bbb links to service: ddd which does not expose any ports\./ },
  ],
};

function assertFindings(relative: string, expected: Expected[]) {
  const findings = lint(relative);
  for (const expectation of expected) {
    const match = findings.find(
      (f) =>
        f.code === expectation.code &&
        (expectation.text === undefined || f.text === expectation.text) &&
        (expectation.line === undefined || f.line === expectation.line) &&
        (!expectation.message || expectation.message.test(f.message)),
    );
    assert.ok(match, `${relative}: expected ${JSON.stringify({ ...expectation, message: expectation.message?.source })}; got ${JSON.stringify(findings, null, 1)}`);
    assert.equal(match.severity, DiagnosticSeverity.Error);
  }
  return findings;
}

describe('Gen1 fixtures Convox rejects are flagged at the right place', () => {
  test('every Gen1 file of convox-invalid/ has an expectation', () => {
    const files = readdirSync(path.join(CORPUS, 'convox-invalid')).filter((file) => file.startsWith('convox__rack__pkg__manifest1__fixtures__'));
    assert.deepEqual(files.sort(), Object.keys(INVALID).sort());
  });
  for (const [file, expected] of Object.entries(INVALID)) {
    test(file, () => {
      const findings = assertFindings(`convox-invalid/${file}`, expected);
      // One problem each: nothing else is reported as an error.
      assert.equal(findings.filter((f) => f.severity === DiagnosticSeverity.Error).length, expected.length, JSON.stringify(findings, null, 1));
    });
  }
  test('the marshal fixture: the syntax error is on the mis-indented ports line, and nothing is guessed from the broken tree', () => {
    const relative = 'convox-invalid/convox__rack__pkg__manifest1__fixtures__marshal.yml';
    const [finding, ...rest] = lint(relative);
    const line = readFileSync(path.join(CORPUS, relative), 'utf8').split('\n')[finding.line];
    assert.equal(line.trim(), 'ports:');
    assert.deepEqual(rest, []);
  });
  for (const [file, expected] of Object.entries(REJECTED_BY_CONVOX)) {
    test(file, () => void assertFindings(file, expected));
  }
});

/** compose/ files the MANIFEST notes mark as Gen1, and every convox/rack manifest1 fixture there. */
function gen1ComposeFiles(): string[] {
  return readdirSync(path.join(CORPUS, 'compose'))
    .map((file) => `compose/${file}`)
    .filter((relative) => /gen1/i.test(notes.get(relative) ?? '') || relative.startsWith('compose/convox__rack__pkg__manifest1__fixtures__'))
    .sort();
}

describe('valid Gen1 compose files get no error', () => {
  test('the corpus has them', () => {
    assert.ok(gen1ComposeFiles().length >= 15, String(gen1ComposeFiles().length));
  });
  for (const relative of gen1ComposeFiles()) {
    if (relative in REJECTED_BY_CONVOX) continue;
    test(relative, () => {
      const errors = lint(relative).filter((f) => f.severity === DiagnosticSeverity.Error);
      assert.deepEqual(errors, [], `${relative}: ${notes.get(relative)}`);
    });
  }
  test('Gen1 docker-compose files of pairs/ get no error', () => {
    for (const relative of ['pairs/bitzesty__vigilion-scanner/docker-compose.yml', 'pairs/convox__certbot/docker-compose.yml', 'pairs/easybib__dd-agent/docker-compose.yml', 'pairs/ianmalott__constable/docker-compose.yml']) {
      assert.deepEqual(lint(relative).filter((f) => f.severity === DiagnosticSeverity.Error), [], relative);
    }
  });
});
