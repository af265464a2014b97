import type { RuleInfo } from '../diagnostics/rule';

/** The conversion report on an open docker-compose file, as information diagnostics. */
export const CONVERSION_NOTE: RuleInfo = {
  code: 'conversion-note',
  severity: 'information',
  title: 'What converting this docker-compose file to convox.yml approximates, drops or leaves to do',
};
