import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import type { Target } from '../settings';
import { ANNOTATION_KEYWORDS, SCHEMA, schemaForTarget } from './schema';

const validators = new Map<Target, ValidateFunction>();

/** The compiled validator for one rack generation; compiled on first use and kept. */
export function validatorFor(target: Target): ValidateFunction {
  let validate = validators.get(target);
  if (!validate) {
    validate = createAjv().compile(schemaForTarget(target, SCHEMA));
    validators.set(target, validate);
  }
  return validate;
}

export function createAjv(): Ajv {
  // verbose: errors carry their parentSchema, whose `x-messages` give Convox's wording.
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
  ajv.addVocabulary(ANNOTATION_KEYWORDS);
  return ajv;
}

export type SchemaError = ErrorObject;

export function schemaErrors(target: Target, value: unknown): SchemaError[] {
  const validate = validatorFor(target);
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

/** `/services/web~1x/port` -> ['services', 'web/x', 'port'] */
export function pointerToPath(pointer: string): string[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}
