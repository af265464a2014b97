import type { Check } from '../diagnostics/rule';
import { keyLocation, services } from './support';

/**
 * `release:` on a service: Heroku's release phase (a Procfile process type) written as a key. Convox ignores unknown
 * keys, so the command never runs. v3's `initContainer` runs a command before the service's containers start (on
 * every pod, not once per release); v2 has nothing equivalent. The schema check leaves this key to this rule.
 */
export const releaseKey: Check = {
  rules: [{ code: 'release-key', severity: 'warning', title: "A service-level release: key (Heroku's release phase), which Convox ignores" }],
  run(context) {
    const { document, settings } = context;
    for (const [name, body] of services(document)) {
      if (!body || body.release === undefined) continue;
      const location = keyLocation(document, ['services', name, 'release']);
      if (!location) continue;
      const instead =
        settings.target === 'v3'
          ? body.initContainer !== undefined
            ? 'Move the command into the existing `initContainer.command`'
            : 'Use `initContainer: {command: …}`'
          : 'v2 racks have no init containers: run it after each deploy with `convox run ' + name + ' <command>`, or at the start of the service\'s command';
      const note =
        settings.target === 'v3'
          ? ': it runs before every pod of the service starts (each replica and each restart, not once per release), so the command must be safe to repeat, as `rails db:migrate` is'
          : '';
      context.report({
        code: 'release-key',
        location,
        message: `"release" is Heroku's release phase, not a Convox key: Convox ignores it, so this command never runs. ${instead}${note}.`,
        data: { service: name },
      });
    }
  },
};
