import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { convertCompose } from '../../../server/src/service/convert/compose';
import { formatReport } from '../../../server/src/service/convert/report';
import { convertProcfile } from '../../../server/src/service/convert/procfile';
import { child } from '../../../server/src/service/convert/session';
import type { ConversionResult } from '../../../server/src/service/convert/types';
import { CORPUS } from '../../helpers/corpus';

/** The golden outputs: test/fixtures/convert/<name>.convox.yml and <name>.report.txt. */
export const GOLDEN = path.resolve(__dirname, '../../../../test/fixtures/convert');

export interface Case {
  /** Unique, used for the golden file names: `compose__<file>`, `pairs__<dir>__<file>`, `procfile__<file>`. */
  name: string;
  kind: 'compose' | 'procfile';
  /** The converted file. */
  file: string;
  /** Compose files merged over it (`docker compose -f file -f override`), relative to its folder. */
  overrides?: string[];
  /** The app.json of a Procfile. */
  appJson?: string;
}

const isComposeFile = (name: string) => /compose/i.test(name) && /\.ya?ml$/.test(name);
const isProcfile = (name: string) => /Procfile/.test(name) && !name.endsWith('.json');

/**
 * Every compose file and Procfile of the corpus. In pairs/, `docker-compose.db.yml` is an override file
 * (`docker compose -f docker-compose.yml -f docker-compose.db.yml`): it is converted merged into its main file, and
 * on its own.
 */
export function corpusCases(): Case[] {
  const cases: Case[] = [];
  const composeDir = path.join(CORPUS, 'compose');
  for (const file of readdirSync(composeDir).sort()) cases.push({ name: `compose__${file}`, kind: 'compose', file: path.join(composeDir, file) });
  const pairsDir = path.join(CORPUS, 'pairs');
  for (const dir of readdirSync(pairsDir).sort()) {
    const files = readdirSync(path.join(pairsDir, dir)).sort();
    for (const file of files) {
      const full = path.join(pairsDir, dir, file);
      if (isComposeFile(file)) {
        const overrides = file === 'docker-compose.yml' && files.includes('docker-compose.db.yml') ? ['docker-compose.db.yml'] : undefined;
        cases.push({ name: `pairs__${dir}__${file}`, kind: 'compose', file: full, overrides });
      } else if (isProcfile(file)) {
        const appJson = path.join(pairsDir, dir, 'app.json');
        cases.push({ name: `pairs__${dir}__${file}`, kind: 'procfile', file: full, appJson: existsSync(appJson) ? appJson : undefined });
      }
    }
  }
  const procfileDir = path.join(CORPUS, 'procfile');
  for (const file of readdirSync(procfileDir).sort()) {
    if (!isProcfile(file)) continue;
    // The app.json of the same repository: `<owner>__<repo>__app.json`.
    const [owner, repo] = file.split('__');
    const appJson = path.join(procfileDir, `${owner}__${repo}__app.json`);
    cases.push({ name: `procfile__${file}`, kind: 'procfile', file: path.join(procfileDir, file), appJson: existsSync(appJson) ? appJson : undefined });
  }
  return cases;
}

export function convertCase(c: Case): ConversionResult {
  const text = readFileSync(c.file, 'utf8');
  const dir = path.dirname(c.file);
  if (c.kind === 'procfile') {
    return convertProcfile(text, c.appJson ? readFileSync(c.appJson, 'utf8') : undefined, { fileName: path.basename(c.file), appJsonFileName: c.appJson && path.basename(c.appJson) });
  }
  const readFile = (file: string) => {
    const full = path.resolve(dir, file);
    return existsSync(full) ? readFileSync(full, 'utf8') : undefined;
  };
  return convertCompose(text, { fileName: path.basename(c.file), readFile, overrides: c.overrides });
}

export function reportText(c: Case, result: ConversionResult): string {
  return formatReport(path.basename(c.file), result.report);
}

// --- walking the source ---------------------------------------------------------------------------------------

type Json = null | string | number | boolean | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is { [key: string]: Json } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The source as docker compose reads it (YAML 1.2, aliases and merge keys resolved). */
export function parseSource(text: string): Json {
  return parse(text, { version: '1.2', merge: true, uniqueKeys: false, logLevel: 'silent', maxAliasCount: -1 }) as Json;
}

const TOP_LEVEL = new Set(['version', 'name', 'services', 'networks', 'volumes', 'secrets', 'configs', 'include', 'models']);

/** The compose services of a parsed file: under `services:`, or (format 1) the top-level map itself. */
export function composeServices(source: Json): { prefix: string; names: string[] } {
  if (!isObject(source)) return { prefix: '', names: [] };
  if ('services' in source) return { prefix: 'services', names: isObject(source.services) ? Object.keys(source.services) : [] };
  return { prefix: '', names: Object.keys(source).filter((key) => !TOP_LEVEL.has(key) && !key.startsWith('x-')) };
}

/**
 * Key paths of the source that neither a mapped path nor a note accounts for. A path is accounted for when it,
 * or a key above it, is mapped or noted; notes about a whole service (renames, "became a resource") do not count
 * for the keys inside it.
 */
export function unaccounted(source: Json, result: ConversionResult, servicePaths: Set<string>): string[] {
  const covering = [...result.mapped, ...result.report.filter((note) => note.path !== '' && !servicePaths.has(note.path)).map((note) => note.path)];
  const covers = (c: string, p: string) => p === c || p.startsWith(`${c}.`) || p.startsWith(`${c}[`);
  const walk = (value: Json, at: string): string[] => {
    if (covering.some((c) => covers(c, at))) return [];
    if (isObject(value) && Object.keys(value).length) return Object.entries(value).flatMap(([key, v]) => walk(v, child(at, key)));
    if (Array.isArray(value) && value.length) return value.flatMap((v, i) => walk(v, child(at, i)));
    // An empty map that another file fills (`postgres: {}` completed by an override file) is accounted for by its keys.
    if ((isObject(value) || Array.isArray(value)) && covering.some((c) => covers(at, c))) return [];
    return [at];
  };
  if (!isObject(source)) return [];
  return Object.entries(source).flatMap(([key, value]) => walk(value, child('', key)));
}
