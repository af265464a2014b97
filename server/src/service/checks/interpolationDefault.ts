import type { Check } from '../diagnostics/rule';
import { interpolations } from '../interpolation';

/** What the interpolation quick fixes need. */
export interface InterpolationFixData {
  name: string;
  /** `${VAR:-x}` written as VAR's own environment entry (`VAR=${VAR:-x}`): the default to write instead. */
  ownDefault?: string;
}

const MEANING: Record<string, string> = {
  ':-': 'a default',
  '-': 'a default',
  ':=': 'a default',
  '=': 'a default',
  ':?': 'a required-variable check',
  '?': 'a required-variable check',
  ':+': 'an alternate value',
  '+': 'an alternate value',
};

/**
 * `${VAR:-default}` and the other shell expansions: Convox has no default syntax and looks up a variable literally
 * named `VAR:-default` (helpers.go `interpolate`), which is never set, so the text becomes empty.
 */
export const interpolationDefault: Check = {
  rules: [{ code: 'interpolation-default', severity: 'warning', title: 'A shell-style ${VAR:-default}, which Convox reads as an empty variable' }],
  run(context) {
    const { document } = context;
    for (const item of interpolations(document)) {
      if (!item.shell) continue;
      const { name, operator, word } = item.shell;
      const scalarText = typeof item.scalar.node.value === 'string' ? item.scalar.node.value : undefined;
      const inEnvironment = !item.scalar.inKey && item.scalar.path.includes('environment');
      const own = inEnvironment && (operator === ':-' || operator === '-' || operator === ':=' || operator === '=') && scalarText === `${name}=\${${item.inner}}`;
      const written = document.text.slice(item.start, item.end);
      context.report({
        code: 'interpolation-default',
        location: { start: item.start, end: item.end },
        message:
          `"${written}" is not ${MEANING[operator]}: Convox has no shell-style ${operator} syntax and looks up a variable literally named "${item.inner}", which is never set, so this becomes an empty string. ` +
          (own
            ? `Write ${name}=${word}: a value set with \`convox env set ${name}=...\` still overrides that default.`
            : `Write \${${name}} and set ${name} with \`convox env set\` (Convox gives it no default).`),
        data: { name, ownDefault: own ? word : undefined } satisfies InterpolationFixData,
      });
    }
  },
};
