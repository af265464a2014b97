import type { Check } from '../diagnostics/rule';
import { duplicateKeys } from './duplicateKeys';
import { names } from './names';
import { references } from './references';
import { schemaValidation } from './schemaValidation';
import { syntax } from './syntax';

/** Every check, in the order their findings are most useful to read. */
export const CHECKS: readonly Check[] = [syntax, duplicateKeys, schemaValidation, names, references];
