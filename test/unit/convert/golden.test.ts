import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { COMPOSE_BUILD_KEYS, COMPOSE_SERVICE_KEYS, COMPOSE_TOP_LEVEL_KEYS } from '../../../server/src/service/compose/keys';
import { validateManifest } from '../../../server/src/service/diagnostics/validate';
import { ManifestDocument } from '../../../server/src/service/document';
import { convoxName } from '../../../server/src/service/convert/names';
import { child } from '../../../server/src/service/convert/session';
import { normalizeSettings } from '../../../server/src/service/settings';
import { Case, composeServices, convertCase, corpusCases, GOLDEN, parseSource, reportText, unaccounted } from './cases';

/**
 * Golden tests over every compose file, pair and Procfile of the corpus. `UPDATE_GOLDEN=1` (or
 * `npm run update-golden`) rewrites test/fixtures/convert/ from the current output; review the diff.
 */
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function golden(file: string, actual: string): void {
  const full = path.join(GOLDEN, file);
  if (UPDATE) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(full, actual);
    return;
  }
  assert.ok(existsSync(full), `${file} is missing: run npm run update-golden`);
  assert.equal(actual, readFileSync(full, 'utf8'), `${file} differs from the golden file (npm run update-golden rewrites it)`);
}

function manifestOf(text: string): { services: Record<string, Record<string, unknown>>; resources: Record<string, unknown> } {
  const value = (parse(text) ?? {}) as { services?: Record<string, Record<string, unknown>>; resources?: Record<string, unknown> };
  return { services: value.services ?? {}, resources: value.resources ?? {} };
}

const CASES = corpusCases();

test('the corpus has compose files, pairs and Procfiles to convert', () => {
  assert.ok(CASES.filter((c) => c.name.startsWith('compose__')).length >= 50);
  assert.ok(CASES.filter((c) => c.name.startsWith('pairs__')).length >= 16);
  assert.ok(CASES.filter((c) => c.name.startsWith('procfile__')).length >= 15);
  assert.ok(CASES.some((c) => c.overrides?.includes('docker-compose.db.yml')), 'the override pair is merged');
});

describe('golden conversions', () => {
  for (const c of CASES) {
    test(c.name, () => {
      const result = convertCase(c);
      assert.equal(result.error, undefined, `not converted: ${result.error}`);
      golden(`${c.name}.convox.yml`, result.manifest);
      golden(`${c.name}.report.txt`, reportText(c, result));

      // Converting twice gives the same bytes.
      const again = convertCase(c);
      assert.equal(again.manifest, result.manifest);
      assert.deepEqual(again.report, result.report);

      // The output is a valid convox.yml by our own rules: no error-severity diagnostic.
      const diagnostics = validateManifest(new ManifestDocument('file:///w/convox.yml', 1, result.manifest), normalizeSettings({}));
      const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).map((d) => `${d.range.start.line + 1}: ${d.message} [${d.code}]`);
      assert.deepEqual(errors, []);

      if (c.kind === 'compose') checkCompose(c, result);
      else checkProcfile(c, result);
    });
  }
});

function checkCompose(c: Case, result: ReturnType<typeof convertCase>): void {
  const out = manifestOf(result.manifest);
  const sources = [c.file, ...(c.overrides ?? []).map((o) => path.join(path.dirname(c.file), o))].map((file) => parseSource(readFileSync(file, 'utf8')));
  for (const source of sources) {
    const { prefix, names } = composeServices(source);
    // Every source service appears, under its Convox name, as a service or (datastores) a resource.
    for (const name of names) {
      const converted = convoxName(name);
      assert.ok(converted in out.services || converted in out.resources, `service ${name} (${converted}) is missing from the output`);
    }
    // Every key of the source is mapped or reported.
    const servicePaths = new Set(names.map((name) => child(prefix, name)));
    assert.deepEqual(unaccounted(source, result, servicePaths), [], 'source keys neither converted nor reported');
  }
  // "Unknown key" is only ever said of keys the compose key table does not know either.
  for (const note of result.report) {
    const unknown = /^Unknown (compose|build) key (\S+):/.exec(note.message);
    if (!unknown) continue;
    const table = unknown[1] === 'build' ? COMPOSE_BUILD_KEYS : { ...COMPOSE_SERVICE_KEYS, ...COMPOSE_TOP_LEVEL_KEYS };
    assert.ok(!(unknown[2] in table), `${unknown[2]} is a compose key the converter should handle (${note.path})`);
  }
  // Every note points at a place in the file it names.
  for (const note of result.report) assert.equal(note.line, note.range.start.line + 1);
}

function checkProcfile(c: Case, result: ReturnType<typeof convertCase>): void {
  const out = manifestOf(result.manifest);
  const lines = readFileSync(c.file, 'utf8').split(/\r?\n/);
  const types = lines.map((line) => /^([A-Za-z0-9_-]+):\s*\S/.exec(line)?.[1]).filter((t): t is string => !!t);
  const covered = new Set([...result.mapped, ...result.report.map((note) => note.path)]);
  for (const type of new Set(types)) {
    // Every process type is a service, except release, which runs as an initContainer.
    if (type === 'release') assert.ok(Object.values(out.services).some((s) => s.initContainer), 'release became an initContainer');
    else assert.ok(convoxName(type) in out.services, `process type ${type} is missing from the output`);
    assert.ok(covered.has(type), `process type ${type} is neither converted nor reported`);
  }
  if (c.appJson) {
    const app = JSON.parse(readFileSync(c.appJson, 'utf8'));
    const left = unaccounted(app, result, new Set());
    assert.deepEqual(left, [], 'app.json keys neither converted nor reported');
  }
}
