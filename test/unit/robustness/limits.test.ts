import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Composer } from 'yaml';
import { convertDocument } from '../../../server/src/service/convert/run';
import { conversionDiagnostics } from '../../../server/src/service/convert/diagnostics';
import { ManifestDocument } from '../../../server/src/service/document';
import { validateManifest } from '../../../server/src/service/diagnostics/validate';
import { complete } from '../../../server/src/service/features/completion';
import { foldingRanges } from '../../../server/src/service/features/folding';
import { hover } from '../../../server/src/service/features/hover';
import { inlayHints } from '../../../server/src/service/features/inlayHints';
import { documentLinks } from '../../../server/src/service/features/links';
import { definition, prepareRename, references } from '../../../server/src/service/features/navigation';
import { documentSymbols } from '../../../server/src/service/features/symbols';
import { codeActions } from '../../../server/src/service/fixes/codeActions';
import { MAX_DOCUMENT_LINES, MAX_NESTING_DEPTH, sizeLimit } from '../../../server/src/service/limits';
import { normalizeSettings } from '../../../server/src/service/settings';
import { parseAllDocumentsBounded } from '../../../server/src/service/yaml/parse';
import { textAt } from '../../helpers/caret';

const URI = 'file:///work/convox.yml';
const settings = normalizeSettings({});

/** Milliseconds `run` takes. */
function timed<T>(run: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = run();
  return { value, ms: performance.now() - start };
}

/**
 * Parses and validates `text`, then runs every editor feature at a few positions; none may throw. Returns the
 * diagnostics and how long it all took. Timing bounds below are generous (CI machines run test files in parallel);
 * what they catch are the minutes and endless loops these inputs used to cost.
 */
function everything(text: string) {
  return timed(() => {
    const document = new ManifestDocument(URI, 1, text);
    const diagnostics = validateManifest(document, settings);
    const last = document.lines.lineCount - 1;
    for (const position of [{ line: 0, character: 0 }, { line: 2, character: 5 }, { line: last, character: 3 }]) {
      complete(document, position, settings);
      hover(document, position, settings);
      definition(document, position);
      references(document, position, true);
      prepareRename(document, position);
    }
    documentSymbols(document);
    foldingRanges(document);
    documentLinks(document);
    inlayHints(document, { start: { line: 0, character: 0 }, end: { line: last + 1, character: 0 } }, settings);
    codeActions(document, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, diagnostics, settings);
    assert.ok(!diagnostics.some((d) => d.code === 'internal-error'), diagnostics.find((d) => d.code === 'internal-error')?.message);
    return { document, diagnostics };
  });
}

test('a 10 MB file gets one file-too-large warning, is not parsed, and every feature stays cheap', () => {
  const text = `services:\n  web:\n    build: .\n${'    # generated filler line of a huge file\n'.repeat(250_000)}`;
  assert.ok(text.length > 10_000_000);
  const { value, ms } = everything(text);
  assert.deepEqual(
    value.diagnostics.map((d) => [d.code, d.severity, textAt(value.document, d.range)]),
    [['file-too-large', 2, 'services:']],
  );
  assert.match(value.diagnostics[0].message, /^File too large \(10\.\d MB\): convox-yml checks files up to 1 MB and 50,000 lines/);
  assert.equal(value.document.yaml.contents, null, 'not parsed');
  assert.ok(ms < 5000, `took ${Math.round(ms)} ms`);
});

test('a 1,000,000-line file gets file-too-large by its line count', () => {
  const text = 'services:\n  web:\n    build: .\n' + '\n'.repeat(1_000_000);
  const { value } = everything(text);
  assert.deepEqual(value.diagnostics.map((d) => d.code), ['file-too-large']);
  assert.match(value.diagnostics[0].message, /more than 50,000 lines/);
});

test('the limits: 1 MB and 50,000 lines are still checked, one more is not; CR and CRLF count as line breaks', () => {
  assert.equal(sizeLimit('x'.repeat(1024 * 1024)), undefined);
  assert.ok(sizeLimit('x'.repeat(1024 * 1024 + 1)));
  assert.equal(sizeLimit('\n'.repeat(MAX_DOCUMENT_LINES - 1)), undefined);
  assert.ok(sizeLimit('\n'.repeat(MAX_DOCUMENT_LINES)));
  assert.ok(sizeLimit('\r'.repeat(MAX_DOCUMENT_LINES)));
  assert.equal(sizeLimit('\r\n'.repeat(MAX_DOCUMENT_LINES - 1)), undefined);
});

test('file-too-large can be turned off like any rule', () => {
  const document = new ManifestDocument(URI, 1, 'services: {}\n' + '#\n'.repeat(60_000));
  assert.deepEqual(validateManifest(document, normalizeSettings({ rules: { 'file-too-large': 'off' } })), []);
});

test('a huge docker-compose file gets file-too-large instead of a conversion report, and is not converted', () => {
  const text = `services:\n  web:\n    image: nginx\n${'#\n'.repeat(60_000)}`;
  const diagnostics = conversionDiagnostics('docker-compose.yml', text, settings);
  assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line]), [['file-too-large', 0]]);
  assert.match(diagnostics[0].message, /converting it to convox\.yml is not tried/);
  const converted = convertDocument({ uri: 'file:///work/docker-compose.yml', text }, undefined);
  assert.equal(converted.manifest, '');
  assert.match(converted.error ?? '', /File too large .* it is not converted/);
});

test('a docker-compose alias bomb is refused, at the alias, instead of converted with values cut off', () => {
  let bomb = 'x0: &x0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
  for (let i = 1; i < 9; i++) bomb += `x${i}: &x${i} [${Array(10).fill(`*x${i - 1}`).join(', ')}]\n`;
  const { value: converted, ms } = timed(() => convertDocument({ uri: 'file:///work/docker-compose.yml', text: `${bomb}services:\n  web:\n    image: nginx\n    command: *x8\n` }, undefined));
  assert.equal(converted.manifest, '');
  assert.match(converted.error ?? '', /aliases expand to more than 100,000 values/);
  assert.ok(ms < 10_000, `took ${Math.round(ms)} ms`);
  // As many values written out, without aliases, convert.
  const big = convertDocument({ uri: 'file:///work/docker-compose.yml', text: `services:\n  web:\n    image: nginx\n    command: [${Array(120_000).fill('x').join(',')}]\n` }, undefined);
  assert.equal(big.error, undefined);
  assert.match(big.manifest, /command: x x x/);
});

test('a compose file redefining one anchor 20,000 times converts each alias to the anchor before it, in linear time', () => {
  const n = 20_000;
  const text = `${Array.from({ length: n }, (_, i) => `x-${i}: &a v${i}`).join('\n')}\nservices:\n  web:\n    image: nginx\n    command: [${Array(n).fill('*a').join(', ')}]\n`;
  const { value: converted, ms } = timed(() => convertDocument({ uri: 'file:///work/docker-compose.yml', text }, undefined));
  assert.match(converted.manifest, new RegExp(`command: (v${n - 1} ){${n - 1}}v${n - 1}\\n`));
  assert.ok(ms < 5_000, `took ${Math.round(ms)} ms`);
  // Interleaved: each alias takes the last definition above it.
  const interleaved = convertDocument({ uri: 'file:///work/docker-compose.yml', text: 'x-a: &a one\nservices:\n  web:\n    image: nginx\n    command: *a\n  worker:\n    image: &a busybox\n    command: *a\n' }, undefined);
  assert.match(interleaved.manifest, /web:\n    image: nginx\n    command: one\n\n  worker:\n    image: busybox\n    command: busybox\n/);
});

const NESTED: Record<string, (n: number) => string> = {
  'flow lists': (n) => `services:\n  web:\n    command: ${'['.repeat(n)}x${']'.repeat(n)}\n`,
  'flow maps': (n) => `services:\n  web:\n    environment: ${'{a: '.repeat(n)}1${'}'.repeat(n)}\n`,
  'compact block lists': (n) => `services:\n  web:\n    command:\n      ${'- '.repeat(n)}x\n`,
  'unclosed brackets': (n) => `services:\n  web:\n    command: ${'[{'.repeat(n)}\n  worker:\n    build: .\n`,
};

for (const [form, make] of Object.entries(NESTED)) {
  test(`10,000 levels of ${form}: too-deeply-nested, no stack overflow anywhere`, () => {
    const text = make(10_000);
    const { value, ms } = everything(text);
    const codes = value.diagnostics.map((d) => d.code);
    assert.ok(codes.includes('too-deeply-nested'), codes.join(' '));
    assert.ok(!value.diagnostics.some((d) => /call stack/i.test(d.message)), 'the parser\'s stack overflow is not shown');
    const nested = value.diagnostics.find((d) => d.code === 'too-deeply-nested')!;
    assert.equal(nested.severity, 2);
    assert.match(nested.message, /^Values are nested more than 100 levels deep here/);
    assert.equal(nested.range.start.line, text.split('\n').findIndex((line) => line.length > 10_000), 'reported where the nesting is');
    assert.ok(ms < 10_000, `took ${Math.round(ms)} ms`);
  });
}

test('too-deeply-nested points at the first value past 100 levels; 100 levels are fine', () => {
  // The root map, services and web are three levels: 97 brackets reach 100, 98 pass it.
  const at = (n: number) => `services:\n  web:\n    command: ${'['.repeat(n)}x${']'.repeat(n)}\n`;
  assert.ok(!validateManifest(new ManifestDocument(URI, 1, at(MAX_NESTING_DEPTH - 3)), settings).some((d) => d.code === 'too-deeply-nested'));
  const document = new ManifestDocument(URI, 1, at(MAX_NESTING_DEPTH - 2));
  const [finding] = validateManifest(document, settings).filter((d) => d.code === 'too-deeply-nested');
  assert.deepEqual(finding.range.start, { line: 2, character: 13 + MAX_NESTING_DEPTH - 3 });
  assert.equal(textAt(document, finding.range).slice(0, 2), '[x');
});

test('nesting through chains of aliases and merge keys counts too, and is reported at the alias', () => {
  let aliases = 'x0: &x0 [1]\n';
  for (let i = 1; i < 3000; i++) aliases += `x${i}: &x${i} [*x${i - 1}]\n`;
  const { value, ms } = everything(`${aliases}services:\n  web:\n    command: *x2999\n`);
  const finding = value.diagnostics.find((d) => d.code === 'too-deeply-nested');
  assert.ok(finding);
  assert.ok(textAt(value.document, finding.range).startsWith('*x'), textAt(value.document, finding.range));
  let merges = 'x0: &x0 {build: .}\n';
  for (let i = 1; i < 3000; i++) merges += `x${i}: &x${i}\n  <<: *x${i - 1}\n`;
  const chain = everything(`${merges}services:\n  web:\n    <<: *x2999\n`);
  assert.ok(chain.value.diagnostics.some((d) => d.code === 'too-deeply-nested'));
  assert.ok(ms + chain.ms < 10_000);
});

test('an edit that nests too deeply is caught in the incremental re-parse as well', () => {
  const before = new ManifestDocument(URI, 1, 'services:\n  web:\n    build: .\n  worker:\n    build: .\n');
  const after = new ManifestDocument(URI, 2, `services:\n  web:\n    build: ${'['.repeat(300)}x${']'.repeat(300)}\n  worker:\n    build: .\n`, before);
  assert.ok(validateManifest(after, settings).some((d) => d.code === 'too-deeply-nested'));
});

test('billion laughs: alias expansion stops at its bound, with a diagnostic, in bounded time', () => {
  let text = 'x0: &x0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
  for (let i = 1; i < 12; i++) text += `x${i}: &x${i} [${Array(10).fill(`*x${i - 1}`).join(', ')}]\n`;
  const { value, ms } = everything(`${text}services:\n  web:\n    command: *x11\n`);
  assert.ok(value.diagnostics.some((d) => d.code === 'invalid-alias' && /expand to more than 50000 values/.test(d.message)));
  assert.ok(ms < 15_000, `took ${Math.round(ms)} ms`);
});

test('a large manifest without aliases is not an alias bomb: all of it is read (the bound counts only nodes aliases bring in)', () => {
  const environment = Array.from({ length: 10 }, (_, i) => `A${i}=1`).join(', ');
  const services = Array.from({ length: 4000 }, (_, i) => `  s${i}:\n    build: .\n    environment: [${environment}]\n`).join('');
  const diagnostics = validateManifest(new ManifestDocument(URI, 1, `services:\n${services}  last:\n    build: .\n    resources: [nodb]\n`), settings);
  assert.deepEqual(diagnostics.filter((d) => d.code !== 'missing-health').map((d) => d.code), ['undefined-resource']);
});

test('thousands of references to undefined names among thousands of defined ones: each misspelt name is searched once', () => {
  const services = Array.from({ length: 3000 }, (_, i) => `  s${i}:\n    build: .\n    resources: [db${i % 6}]\n`).join('');
  const resources = Array.from({ length: 3000 }, (_, i) => `  d${i}:\n    type: postgres\n`).join('');
  const { value: diagnostics, ms } = timed(() => validateManifest(new ManifestDocument(URI, 1, `services:\n${services}resources:\n${resources}`), settings));
  const undefinedResources = diagnostics.filter((d) => d.code === 'undefined-resource');
  assert.equal(undefinedResources.length, 3000);
  assert.match(undefinedResources[1].message, /references a resource that does not exist: db1\. Did you mean "d1"\?/);
  assert.ok(ms < 5_000, `took ${Math.round(ms)} ms`);
});

test('merge bombs and self-merges neither hang nor overflow: each merged map is read once', () => {
  let bomb = 'x0: &x0 {build: ., port: 3000}\n';
  for (let i = 1; i < 40; i++) bomb += `x${i}: &x${i}\n  <<: [*x${i - 1}, *x${i - 1}]\n`;
  const { ms } = everything(`${bomb}services:\n  web:\n    <<: *x39\n`);
  assert.ok(ms < 15_000, `took ${Math.round(ms)} ms`);

  const self = everything('services:\n  web: &web\n    <<: *web\n    build: .\n    resources: [db]\nresources:\n  db: &db\n    <<: [*db, *db]\n    type: postgres\n');
  assert.deepEqual(
    self.value.diagnostics.filter((d) => d.code === 'invalid-alias').map((d) => textAt(self.value.document, d.range)),
    ['*web', '*db', '*db'],
  );
  assert.deepEqual(documentSymbols(self.value.document).map((s) => s.name), ['services', 'resources']);
});

test('20,000 aliases resolve in linear time (each used to search the whole file)', () => {
  const { value, ms } = everything(`x: &a "1"\nservices:\n  web:\n    command: [${Array(20_000).fill('*a').join(', ')}]\n`);
  assert.ok(value.diagnostics.length > 0);
  assert.ok(ms < 15_000, `took ${Math.round(ms)} ms`);
});

test('a failure inside yaml itself reaches the caller with its stack trace (parses run without them)', () => {
  const compose = Composer.prototype.compose;
  const limit = Error.stackTraceLimit;
  Composer.prototype.compose = function* failing() {
    throw new Error('yaml failed');
  };
  try {
    assert.throws(
      () => parseAllDocumentsBounded('services: {}\n', {}, MAX_NESTING_DEPTH),
      (error: Error) => error.message === 'yaml failed' && /\n\s+at .*failing/.test(error.stack ?? ''),
    );
    assert.equal(Error.stackTraceLimit, limit);
  } finally {
    Composer.prototype.compose = compose;
  }
});
