import type { Check, Location } from '../diagnostics/rule';
import { HOUR_NS, parseGoDuration } from './goParsers';
import { asInt, asString, firstLocation, goQuote, isInterpolated, isMap, keyLocation, Path, PlainMap, related, schemaReports, services, valueLocation } from './support';

const AUTO_SHUTDOWN = 'auto-shutdown';

/** The `budget` block's rules (v3 validate.go validateBudget), skipping whatever the schema already reports. */
export const budget: Check = {
  rules: [{ code: 'invalid-budget', severity: 'error', title: 'A budget setting or combination Convox rejects' }],
  run(context) {
    const { document, settings } = context;
    if (settings.target !== 'v3') return;
    const block = (document.plain.value as PlainMap | null)?.budget;
    if (!isMap(block)) return;
    const base = ['budget'];
    const at = (key: string) => [...base, key];
    const report = (path: Path | undefined, location: Location | undefined, message: string, extra: { related?: ReturnType<typeof related> } = {}) => {
      if (!location || (path && schemaReports(context, path))) return;
      context.report({ code: 'invalid-budget', location, message, ...extra });
    };
    const value = (key: string) => valueLocation(document, at(key));

    const action = typeof block.atCapAction === 'string' ? block.atCapAction : '';
    if (action !== '' && !isInterpolated(action) && !['alert-only', 'block-new-deploys', AUTO_SHUTDOWN].includes(action)) {
      report(at('atCapAction'), value('atCapAction'), `budget.atCapAction must be one of "alert-only", "block-new-deploys", "auto-shutdown"; got ${goQuote(action)}.`);
    }
    const autoShutdown = action === AUTO_SHUTDOWN;
    const actionLocation = value('atCapAction');

    if (autoShutdown) {
      const webhook = asString(block.atCapWebhookUrl) ?? '';
      if (webhook.trim() === '') {
        report(
          undefined,
          actionLocation,
          'budget.atCapAction "auto-shutdown" requires budget.atCapWebhookUrl to be set; auto-shutdown silently killing services without notification is rejected by design. Add `atCapWebhookUrl: https://...` to budget.',
          { related: related(document, keyLocation(document, at('atCapWebhookUrl')), 'atCapWebhookUrl is empty here') },
        );
      }
      const cap = block.monthlyCapUsd;
      const capKnown = cap === undefined || cap === null || typeof cap === 'number';
      if (capKnown && !(typeof cap === 'number' && cap > 0)) {
        report(
          at('monthlyCapUsd'),
          firstLocation(value('monthlyCapUsd'), actionLocation),
          'budget.atCapAction "auto-shutdown" requires budget.monthlyCapUsd > 0; cannot shut down on cap breach without a cap. Set `monthlyCapUsd:` to the monthly limit in USD.',
        );
      }
    }

    const notify = asInt(block.notifyBeforeMinutes);
    if (notify !== undefined && notify !== 0 && (notify < 5 || notify > 1440)) {
      report(at('notifyBeforeMinutes'), value('notifyBeforeMinutes'), `budget.notifyBeforeMinutes must be between 5 and 1440; got ${notify}.`);
    }

    const grace = asString(block.shutdownGracePeriod);
    if (grace !== undefined && grace.trim() !== '' && !isInterpolated(grace)) {
      const nanoseconds = parseGoDuration(grace);
      if (nanoseconds === undefined) {
        report(at('shutdownGracePeriod'), value('shutdownGracePeriod'), `budget.shutdownGracePeriod must be a Go duration string (e.g. "5m", "30s"); got ${goQuote(grace)}.`);
      } else if (nanoseconds < 0 || nanoseconds > HOUR_NS) {
        report(at('shutdownGracePeriod'), value('shutdownGracePeriod'), `budget.shutdownGracePeriod must be between 0s and 1h; got ${grace}. Use at most \`1h\`.`);
      }
    }

    const order = typeof block.shutdownOrder === 'string' ? block.shutdownOrder : '';
    if (order !== '' && !isInterpolated(order) && order !== 'largest-cost' && order !== 'newest') {
      report(
        at('shutdownOrder'),
        value('shutdownOrder'),
        order === 'priority-annotation'
          ? 'budget.shutdownOrder "priority-annotation" reserved for a future release; use "largest-cost" or "newest"'
          : `budget.shutdownOrder must be one of "largest-cost", "newest"; got ${goQuote(order)}`,
      );
    }

    const recovery = typeof block.recoveryMode === 'string' ? block.recoveryMode : '';
    if (recovery !== '' && !isInterpolated(recovery) && recovery !== 'auto-on-reset' && recovery !== 'manual') {
      report(
        at('recoveryMode'),
        value('recoveryMode'),
        recovery === 'scheduled'
          ? 'budget.recoveryMode "scheduled" reserved for 3.25.0; use "auto-on-reset" or "manual"'
          : `budget.recoveryMode must be one of "auto-on-reset", "manual"; got ${goQuote(recovery)}`,
      );
    }

    if (!autoShutdown) return;
    const names = services(document).map(([name]) => name);
    if (names.length === 0) {
      report(
        undefined,
        actionLocation,
        'budget.atCapAction "auto-shutdown" requires at least one service in the services block; timer-only apps cannot be auto-shut. Use "block-new-deploys" or remove auto-shutdown.',
      );
      return;
    }
    const exempt = Array.isArray(block.neverAutoShutdown) ? block.neverAutoShutdown : [];
    if (exempt.some(isInterpolated)) return;
    if (names.every((name) => exempt.includes(name))) {
      report(
        undefined,
        firstLocation(value('neverAutoShutdown'), actionLocation),
        'budget.atCapAction "auto-shutdown" with all services listed in neverAutoShutdown leaves no services eligible; either remove a service from neverAutoShutdown or use atCapAction "block-new-deploys"',
      );
    }
  },
};

