import { syntax } from '../checks/syntax';
import { controlCharacters } from '../checks/controlCharacters';
import { unusualLineBreaks } from '../checks/unusualLineBreaks';
import { yamlDirectives } from '../checks/yamlDirectives';
import type { Check } from '../diagnostics/rule';
import { dockerfile } from './dockerfile';
import { duplicateKeys } from './duplicateKeys';
import { ignoredKeys } from './ignoredKeys';
import { labels } from './labels';
import { links } from './links';
import { memLimit } from './memLimit';
import { ports } from './ports';
import { serviceNames } from './serviceNames';
import { types } from './types';
import { version } from './version';

/**
 * The checks of a Gen1 manifest (a docker-compose.yml deployed to a v2 rack, read by `convox/rack` `pkg/manifest1`):
 * YAML syntax, directives, characters yaml.v2 refuses or breaks lines at, and duplicate keys as for convox.yml, then what Convox's loader and `Manifest.Validate` reject.
 */
export const GEN1_CHECKS: readonly Check[] = [
  syntax,
  yamlDirectives,
  controlCharacters,
  unusualLineBreaks,
  duplicateKeys,
  ...[version, types, serviceNames, ports, labels, links, memLimit, dockerfile, ignoredKeys].map(whenLoadable),
];

/**
 * Convox stops at a YAML syntax error, and the tree the parser recovers is a guess: checking it would report
 * problems that are not there (a mis-indented key read as a service). The Gen1 checks wait for valid YAML.
 */
function whenLoadable(check: Check): Check {
  return {
    rules: check.rules,
    run(context) {
      if (context.document.yaml.errors.length === 0) check.run(context);
    },
  };
}
