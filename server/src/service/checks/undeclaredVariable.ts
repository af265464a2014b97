import type { Check } from '../diagnostics/rule';
import { declaredNames, envDeclarations } from '../environment';
import { interpolations } from '../interpolation';
import { herokuPortClaims } from './herokuPort';

/** Variables Convox sets in containers but not in the environment it interpolates the manifest with (spec 3.4, 4.6). */
export const SYSTEM_VARIABLES = new Set(['APP', 'RACK', 'RACK_URL', 'BUILD', 'BUILD_DESCRIPTION', 'BUILD_GIT_SHA', 'RELEASE', 'SERVICE', 'PORT', 'INSTANCE_IP', 'TIMER_INDEX', 'INIT_CONTAINER']);

/**
 * `${VAR}` for a variable no `environment` list declares: Convox fills it from the app environment and substitutes an
 * empty string, silently, when it is unset. A bare declaration (`- VAR`) makes a deploy without it fail instead
 * (`required env: VAR`). A `VAR=default` declaration does not help: interpolation happens before the manifest (and
 * its defaults) is read.
 */
export const undeclaredVariable: Check = {
  rules: [{ code: 'undeclared-variable', severity: 'information', title: 'A ${VAR} no environment list declares, so it is silently empty when unset' }],
  run(context) {
    const { document } = context;
    const used = interpolations(document).filter((item) => item.name);
    if (!used.length) return;
    const { bare, withDefault } = declaredNames(envDeclarations(document));
    for (const item of used) {
      const name = item.name!;
      if (bare.has(name)) continue;
      if (name === 'PORT' && herokuPortClaims(context.settings, item.scalar)) continue; // reported as heroku-port
      let message: string;
      let declare = false;
      if (SYSTEM_VARIABLES.has(name)) {
        message = `\${${name}} is empty here: Convox sets ${name} inside containers, but interpolates the manifest with the app environment only (\`convox env\`), where ${name} is not set. Use a fixed value, or set your own variable with \`convox env set\`.`;
      } else if (withDefault.has(name)) {
        message = `\${${name}} comes from the app environment before the manifest is read, so the default in "${name}=..." does not apply here: it is an empty string unless \`convox env set ${name}=...\` sets it. Set it in the app environment (or write the value here).`;
      } else {
        declare = true;
        message = `\${${name}} is not declared in any environment list: Convox fills it from the app environment (\`convox env set ${name}=...\`) and silently makes it an empty string when it is unset. Declare it (\`- ${name}\`) so a deploy without it fails with "required env: ${name}" instead.`;
      }
      context.report({ code: 'undeclared-variable', location: { start: item.start, end: item.end }, message, data: declare ? { name } : undefined });
    }
  },
};
