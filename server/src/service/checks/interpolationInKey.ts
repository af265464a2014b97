import type { Check } from '../diagnostics/rule';
import { interpolations } from '../interpolation';

/** `${VAR}` in a mapping key: Convox substitutes it before parsing, so the key itself depends on the app environment. */
export const interpolationInKey: Check = {
  rules: [{ code: 'interpolation-in-key', severity: 'warning', title: 'A ${VAR} inside a key, so the key name depends on the app environment' }],
  run(context) {
    for (const item of interpolations(context.document)) {
      if (!item.scalar.inKey) continue;
      const written = context.document.text.slice(item.start, item.end);
      context.report({
        code: 'interpolation-in-key',
        location: { start: item.start, end: item.end },
        message:
          `"${written}" in a key: Convox substitutes it before reading the file, so this key's name comes from the app environment ` +
          `and loses "${written}" entirely when ${item.name ?? 'the variable'} is unset; nothing can check or refer to it before deploy. Write the key out and keep variables in values.`,
      });
    }
  },
};
