import type { Check } from '../diagnostics/rule';
import { balancers } from './balancers';
import { budget } from './budget';
import { conflictingKeys } from './conflictingKeys';
import { deployment } from './deployment';
import { duplicateKeys } from './duplicateKeys';
import { generationForms } from './generationForms';
import { imagePullSecrets } from './imagePullSecrets';
import { labels } from './labels';
import { names } from './names';
import { nlb } from './nlb';
import { references } from './references';
import { scale } from './scale';
import { schemaValidation } from './schemaValidation';
import { securityContext } from './securityContext';
import { syntax } from './syntax';
import { controlCharacters } from './controlCharacters';
import { unusualLineBreaks } from './unusualLineBreaks';
import { yamlDirectives } from './yamlDirectives';
import { volumeOptions } from './volumeOptions';
import { missingHealth } from './missingHealth';
import { healthPath } from './healthPath';
import { healthTiming } from './healthTiming';
import { healthWithoutPort } from './healthWithoutPort';
import { herokuPort } from './herokuPort';
import { releaseKey } from './releaseKey';
import { resourceType } from './resourceType';
import { resourceOptions } from './resourceOptions';
import { containerizedResource } from './containerizedResource';
import { composeLeftovers } from './composeLeftovers';
import { timerSchedule } from './timerSchedule';
import { scheduleDayOfWeek } from './scheduleDayOfWeek';
import { interpolationDefault } from './interpolationDefault';
import { unbracedVariable } from './unbracedVariable';
import { interpolationInKey } from './interpolationInKey';
import { undeclaredVariable } from './undeclaredVariable';
import { envCollision } from './envCollision';
import { nginxHostHeader } from './nginxHostHeader';

/** Every check, in the order their findings are most useful to read. */
export const CHECKS: readonly Check[] = [
  syntax,
  yamlDirectives,
  controlCharacters,
  unusualLineBreaks,
  duplicateKeys,
  schemaValidation,
  names,
  references,
  generationForms,
  labels,
  deployment,
  conflictingKeys,
  scale,
  imagePullSecrets,
  securityContext,
  volumeOptions,
  budget,
  balancers,
  nlb,
  missingHealth,
  healthPath,
  healthTiming,
  healthWithoutPort,
  herokuPort,
  releaseKey,
  resourceType,
  resourceOptions,
  containerizedResource,
  composeLeftovers,
  nginxHostHeader,
  timerSchedule,
  scheduleDayOfWeek,
  interpolationDefault,
  interpolationInKey,
  unbracedVariable,
  undeclaredVariable,
  envCollision,
];
