import type { Check, CheckContext } from '../diagnostics/rule';
import type { Plain } from '../yaml/toPlain';
import { isMap, Path, schemaReports, services, valueLocation } from './support';
import { shellQuote } from '../text/shellQuote';

const FALLBACK_EXAMPLE = 'bundle exec puma';

/**
 * Forms v2 (convox/rack) reads that a v3 rack fails to load: `agent:` as a map with ports (yaml.go
 * ServiceAgent.UnmarshalYAML) and `command:` as a list (a Go `string` field in v3).
 */
export const generationForms: Check = {
  rules: [{ code: 'v3-form', severity: 'error', title: 'A v2 form that v3 racks cannot load' }],
  run(context) {
    const { document, settings } = context;
    if (settings.target !== 'v3') return;
    for (const [name, body] of services(document)) {
      if (!body) continue;
      if (isMap(body.agent)) {
        const path = ['services', name, 'agent'];
        const location = schemaReports(context, path) ? undefined : valueLocation(document, path);
        if (location) {
          context.report({
            code: 'v3-form',
            location,
            message: 'agent ports are now specified at the service level: write `agent: true` and move the ports to the service\'s `ports:` list.',
            data: { form: 'agent-map' },
          });
        }
      }
      reportCommandList(context, ['services', name, 'command'], body.command);
      const init = body.initContainer;
      if (isMap(init)) reportCommandList(context, ['services', name, 'initContainer', 'command'], init.command);
    }
  },
};

function reportCommandList(context: CheckContext, path: Path, value: Plain | undefined): void {
  if (!Array.isArray(value)) return;
  if (schemaReports(context, path)) return; // the schema already rejects a list here
  const location = valueLocation(context.document, path);
  if (!location) return;
  const words = value.every((item) => typeof item === 'string' || typeof item === 'number') ? value.map((item) => shellQuote(String(item))) : undefined;
  const replacement = words && words.length ? words.join(' ') : undefined;
  context.report({
    code: 'v3-form',
    location,
    message: `cannot unmarshal !!seq into string: on v3 racks command must be one string (it is split like a shell would), e.g. command: ${replacement ?? FALLBACK_EXAMPLE}`,
    data: replacement ? { form: 'command-list', command: replacement } : { form: 'command-list' },
  });
}
