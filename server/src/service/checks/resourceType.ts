import type { Check } from '../diagnostics/rule';
import { isKnownType, RESOURCE_TYPES, typeAdvice } from './resourceCatalog';
import { entriesAt, isInterpolated, isMap, schemaReports, valueLocation } from './support';

/**
 * A resource type the rack does not have. Convox does not validate it at build; the release fails at promote when
 * the type's template cannot be opened (v3 release.go RenderTemplate `resource/<type>`, v2 releases.go
 * formationTemplate `resource/<type>`). v3 skips the template when `<NAME>_URL` is set in the app env.
 */
export const resourceType: Check = {
  rules: [{ code: 'unknown-resource-type', severity: 'error', title: 'A resource type the rack generation does not have' }],
  run(context) {
    const { document, settings } = context;
    const target = settings.target;
    for (const [name, body] of entriesAt(document, ['resources'])) {
      if (!isMap(body)) continue;
      const type = body.type;
      const path = ['resources', name, 'type'];
      if (typeof type !== 'string' || type === '' || isInterpolated(type) || isKnownType(target, type)) continue;
      if (schemaReports(context, path)) continue;
      const location = valueLocation(document, path);
      if (!location) continue;
      const advice = typeAdvice(target, type);
      const failure =
        target === 'v3'
          ? `promote fails with "open resource/${type}.yml.tmpl: file does not exist"`
          : `promote fails with "open provider/aws/formation/resource/${type}.json.tmpl: no such file or directory"`;
      const fix = advice.suggestion ? ` Did you mean "${advice.suggestion}"?` : '';
      const note = advice.note ? ` ${advice.note}` : '';
      context.report({
        code: 'unknown-resource-type',
        location,
        message: `resource "${name}" has type "${type}", which ${target} racks do not have: ${failure}.${fix}${note} ${target} types: ${RESOURCE_TYPES[target].join(', ')}.`,
        data: advice.suggestion ? { replacement: advice.suggestion } : undefined,
      });
    }
  },
};
