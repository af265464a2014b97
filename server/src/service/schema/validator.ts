import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import type { ManifestDocument } from '../document';
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

const errorsByDocument = new WeakMap<ManifestDocument, Map<Target, SchemaError[]>>();

/** Schema errors of a manifest version for a target, computed once: the schema check and other checks share them. */
export function schemaErrors(document: ManifestDocument, target: Target): SchemaError[] {
  let byTarget = errorsByDocument.get(document);
  if (!byTarget) errorsByDocument.set(document, (byTarget = new Map()));
  let errors = byTarget.get(target);
  if (!errors) {
    const validate = validatorFor(target);
    errors = validate(document.plain.value) ? [] : [...(validate.errors ?? [])];
    byTarget.set(target, errors);
  }
  return errors;
}

/** `/services/web~1x/port` -> ['services', 'web/x', 'port'] */
export function pointerToPath(pointer: string): string[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}
