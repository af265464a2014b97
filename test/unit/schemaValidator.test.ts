import Ajv, { ErrorObject } from 'ajv';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { ManifestDocument } from '../../server/src/service/document';
import { ANNOTATION_KEYWORDS, SCHEMA, schemaForTarget } from '../../server/src/service/schema/schema';
import { assertSupported, SchemaError, SchemaValidator } from '../../server/src/service/schema/validator';
import type { Target } from '../../server/src/service/settings';
import type { Plain } from '../../server/src/service/yaml/toPlain';
import { Random } from '../fuzz/prng';
import { CORPUS } from '../helpers/corpus';

/** ajv as the server used it before it interpreted the schema itself: the reference these tests compare with. */
function ajvFor(schema: object) {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
  ajv.addVocabulary(ANNOTATION_KEYWORDS);
  return ajv.compile(schema);
}

const TARGETS: Target[] = ['v3', 'v2'];

test('convox.schema.json compiles in ajv strict mode (a misspelt keyword fails) and uses only keywords the validator implements', () => {
  for (const target of TARGETS) ajvFor(schemaForTarget(target, SCHEMA));
  assertSupported(SCHEMA);
});

test("a target's schema lacks exactly the other generation's keys and shares every node it leaves whole with the full schema", () => {
  const before = JSON.stringify(SCHEMA);
  for (const target of TARGETS) {
    let removed = 0;
    let shared = 0;
    /** Compares a node of the full schema with the target's; true when something beneath it was removed. */
    const compare = (full: unknown, stripped: unknown): boolean => {
      if (!full || typeof full !== 'object') {
        assert.equal(stripped, full);
        return false;
      }
      let changed = false;
      if (Array.isArray(full)) {
        assert.ok(Array.isArray(stripped) && stripped.length === full.length);
        full.forEach((item, index) => (changed = compare(item, (stripped as unknown[])[index]) || changed));
      } else {
        const node = stripped as Record<string, unknown>;
        assert.deepEqual(Object.keys(node), Object.keys(full));
        for (const [key, child] of Object.entries(full)) {
          if (key !== 'properties') {
            changed = compare(child, node[key]) || changed;
            continue;
          }
          const kept = Object.entries(child as Record<string, { 'x-targets'?: string[] }>).filter(([, property]) => !property['x-targets'] || property['x-targets'].includes(target));
          assert.deepEqual(Object.keys(node[key] as object), kept.map(([name]) => name), `properties kept for ${target}`);
          if (kept.length < Object.keys(child as object).length) {
            removed += Object.keys(child as object).length - kept.length;
            changed = true;
          }
          for (const [name, property] of kept) changed = compare(property, (node[key] as Record<string, unknown>)[name]) || changed;
        }
      }
      if (changed) assert.notEqual(stripped, full, 'a node with a removed key beneath it is a copy');
      else {
        assert.equal(stripped, full, 'a node with nothing removed beneath it is shared');
        shared++;
      }
      return changed;
    };
    compare(SCHEMA, schemaForTarget(target, SCHEMA));
    assert.ok(removed > 0, `${target}: some keys belong to the other generation`);
    assert.ok(shared > 100, `${target}: ${shared} nodes shared`);
  }
  assert.equal(JSON.stringify(SCHEMA), before, 'the full schema is left as it was');
});

function plainTrees(): Plain[] {
  const trees: Plain[] = [];
  for (const folder of ['convox', 'convox-invalid']) {
    const dir = path.join(CORPUS, folder);
    for (const name of readdirSync(dir).sort()) {
      if (!/\.ya?ml$/.test(name)) continue;
      trees.push(new ManifestDocument('file:///w/convox.yml', 1, readFileSync(path.join(dir, name), 'utf8')).plain.value);
    }
  }
  // Shapes the corpus lacks: empty and misnamed balancer ports, an empty volume option.
  trees.push(
    { services: { web: { volumeOptions: [{}], scale: { autoscale: { cpu: { threshold: 0 } } } } }, balancers: { main: { service: 'web', ports: {} } } },
    { balancers: { main: { service: 'web', ports: { http: 80, '3000': 3000, 'a/b': 1 } }, other: { ports: { '': 1 } } } },
  );
  return trees;
}

/** A seeded sequence in [0, 1): the same seed replays the same mutations. */
function random(seed: number): () => number {
  const generator = new Random(seed);
  return () => generator.next();
}

const ODD_VALUES: Plain[] = [null, true, false, 0, -1, 1.5, 100000, '', 'x', '3000', 'web', 'https:3000', '1-3', '${VAR}', '*', 'a/b', [], ['x'], [1, 'a'], {}, { a: 1 }, { 'x/y~z': 'v' }];

/** A copy of `value` with one value somewhere replaced, a key added or one removed. */
function mutate(value: Plain, next: () => number): Plain {
  const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)];
  if (value === null || typeof value !== 'object' || next() < 0.15) return pick(ODD_VALUES);
  if (Array.isArray(value)) {
    if (!value.length) return [pick(ODD_VALUES)];
    const copy = [...value];
    const index = Math.floor(next() * copy.length);
    copy[index] = mutate(copy[index], next);
    return copy;
  }
  const copy: { [key: string]: Plain } = { ...value };
  const keys = Object.keys(copy);
  const roll = next();
  if (roll < 0.15 || !keys.length) copy[pick(['x-extra', 'porrt', 'scale', 'type', '3000', 'a~b/c', 'environment', 'health'])] = pick(ODD_VALUES);
  else if (roll < 0.25) delete copy[pick(keys)];
  else {
    const key = pick(keys);
    copy[key] = mutate(copy[key], next);
  }
  return copy;
}

function comparable(errors: readonly (ErrorObject | SchemaError)[]) {
  return errors.map((error) => ({
    instancePath: error.instancePath,
    schemaPath: error.schemaPath,
    keyword: error.keyword,
    params: error.params,
    message: error.message,
    propertyName: error.propertyName,
    schema: error.schema,
    data: error.data,
  }));
}

test('the schema validator gives the errors ajv gives, in the same order, on the corpus and mutated manifests', () => {
  const next = random(Number(process.env.FUZZ_SEED ?? 11));
  const trees = plainTrees();
  const keywords = new Set<string>();
  for (const target of TARGETS) {
    const schema = schemaForTarget(target, SCHEMA);
    const ajv = ajvFor(schema);
    const ours = new SchemaValidator(schema);
    let compared = 0;
    for (const tree of trees) {
      let value = tree;
      for (let step = 0; step < 25; step++) {
        const expected = ajv(value) ? [] : [...ajv.errors!];
        for (const error of expected) keywords.add(error.propertyName === undefined ? error.keyword : `propertyNames/${error.keyword}`);
        // Twice: the second run answers from what the first kept for each value.
        for (const run of [1, 2]) {
          const actual = ours.validate(value);
          assert.deepEqual(comparable(actual), comparable(expected), `${target} run ${run}: ${JSON.stringify(value).slice(0, 2000)}`);
          actual.forEach((error, index) => assert.equal(error.parentSchema, expected[index].parentSchema, 'the same schema object holds the keyword'));
        }
        compared++;
        value = mutate(step % 8 === 7 ? tree : value, next);
      }
    }
    assert.ok(compared > 500);
  }
  // Every kind of error the schema can give came up.
  assert.deepEqual([...keywords].sort(), ['additionalProperties', 'enum', 'exclusiveMinimum', 'maximum', 'minLength', 'minProperties', 'minimum', 'pattern', 'propertyNames', 'propertyNames/pattern', 'required', 'type']);
});
