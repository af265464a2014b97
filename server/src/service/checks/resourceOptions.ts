import type { Check } from '../diagnostics/rule';
import { isKnownType, optionsRead, optionVerdict } from './resourceCatalog';
import { entriesAt, isInterpolated, isMap, keyLocation } from './support';

/**
 * Resource options the type does not read (resourceCatalog.ts). v3 drops them silently; v2 passes every option to
 * CloudFormation, where an undeclared parameter fails the app's stack update (reported as an error there).
 */
export const resourceOptions: Check = {
  rules: [{ code: 'unused-resource-option', severity: 'warning', title: 'A resource option the resource type does not read' }],
  run(context) {
    const { document, settings } = context;
    const target = settings.target;
    for (const [name, body] of entriesAt(document, ['resources'])) {
      if (!isMap(body) || !isMap(body.options)) continue;
      const type = body.type;
      if (typeof type !== 'string' || !isKnownType(target, type)) continue;
      for (const option of Object.keys(body.options)) {
        if (isInterpolated(option)) continue;
        const verdict = optionVerdict(target, type, option);
        if (verdict.read) continue;
        const location = keyLocation(document, ['resources', name, 'options', option]);
        if (!location) continue;
        const effect = verdict.effect === 'ignored' ? `Convox ignores it${verdict.note ? ` (${verdict.note})` : ''}` : verdict.note;
        const instead = verdict.suggestion ? `Did you mean "${verdict.suggestion}"? ` : '';
        context.report({
          code: 'unused-resource-option',
          location,
          message: `resource "${name}" (${type}) does not read option "${option}": ${effect}. ${instead}${type} reads: ${optionsRead(target, type).join(', ')}${type.startsWith('rds-') ? ', or any RDS parameter name' : type.startsWith('elasticache-') ? ', or any ElastiCache parameter name' : ''}.`,
          data: { option, ...(verdict.suggestion ? { replacement: verdict.suggestion } : {}) },
        });
      }
    }
  },
};
