import { isScalar } from 'yaml';
import type { ScheduleFixData } from '../checks/timerSchedule';
import { timerSchedules } from '../cron/timers';
import { nodeAt } from '../features/nodeAt';
import { scalarContentRange, scalarString } from '../yaml/nodes';
import { replace } from './edits';
import { dataText, quickFix, QuickFix } from './fix';

/** Rewrites a timer's schedule as the check suggested (`?` for v2, day names, no 6th field, no macro on v2). */
export const scheduleFixes: QuickFix = {
  codes: ['invalid-schedule', 'schedule-sixth-field', 'schedule-day-of-week'],
  actions(context) {
    const { document, diagnostic } = context;
    const [timer, text, replacement, title] = (['timer', 'text', 'replacement', 'title'] as const satisfies readonly (keyof ScheduleFixData)[]).map((field) => dataText(diagnostic, field));
    if (!timer || text === undefined || replacement === undefined || !title) return [];
    const schedule = timerSchedules(document).find((found) => found.timer === timer && found.text === text);
    // Only where the value's characters map 1:1 onto the file (not through an alias or escapes).
    if (!schedule || schedule.base === undefined) return [];
    const [from, to, changed] = smallestChange(text, replacement);
    return [quickFix(title, context, [replace(document, schedule.base + from, schedule.base + to, changed)], true)];
  },
};

/** The span of `before` that changes and its new text, so an edit touches only the characters that differ. */
function smallestChange(before: string, after: string): [number, number, string] {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return [start, before.length - end, after.slice(start, after.length - end)];
}

const CONCURRENCY = ['Allow', 'Forbid', 'Replace'];

/**
 * `concurrency: FORBID`: Convox only upper-cases the first letter, so Kubernetes rejects it. The schema reports it
 * (invalid-value); this offers the spelling Kubernetes accepts.
 */
export const concurrencyFixes: QuickFix = {
  codes: ['invalid-value'],
  actions(context) {
    const { document, diagnostic } = context;
    const at = nodeAt(document, document.offsetAt(diagnostic.range.start));
    if (!at || at.onKey || !isScalar(at.node) || at.path.length !== 3 || at.path[0] !== 'timers' || at.path[2] !== 'concurrency') return [];
    const value = scalarString(at.node);
    const fixed = CONCURRENCY.find((word) => word.toLowerCase() === value?.trim().toLowerCase());
    if (!fixed || fixed === value) return [];
    const [start, end] = scalarContentRange(at.node);
    return [quickFix(`Change to ${fixed}`, context, [replace(document, start, end, fixed)], true)];
  },
};
