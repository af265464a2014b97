import { neverRuns, parseSchedule } from '../cron/parse';
import { spanLocation, timerSchedules } from '../cron/timers';
import type { Check } from '../diagnostics/rule';
import { schemaReports } from './support';

/** What a schedule quick fix needs: the schedule it was computed for and the schedule to write instead. */
export interface ScheduleFixData {
  timer: string;
  text: string;
  replacement: string;
  title: string;
}

/**
 * A timer's `schedule` read the way the chosen rack generation reads it (cron/parse.ts): errors Convox, Kubernetes
 * or EventBridge give, and the 6th field v3 drops.
 */
export const timerSchedule: Check = {
  rules: [
    { code: 'invalid-schedule', severity: 'error', title: 'A timer schedule the rack generation rejects' },
    { code: 'schedule-sixth-field', severity: 'warning', title: 'A 6th schedule field (the AWS year) that v3 racks drop' },
  ],
  run(context) {
    const { document, settings } = context;
    for (const schedule of timerSchedules(document)) {
      const { timer, text } = schedule;
      if (schemaReports(context, ['timers', timer, 'schedule'])) continue; // wrong field count: the schema says so
      const parsed = parseSchedule(text, settings.target);
      for (const error of parsed.errors) {
        const data: ScheduleFixData | undefined = error.replacement && { timer, text, replacement: error.replacement.text, title: error.replacement.title };
        context.report({
          code: 'invalid-schedule',
          location: spanLocation(schedule, error),
          message: error.convox === 'question-mark' ? `timer ${timer} invalid, schedule cannot contain ?: ${error.message}` : `timer ${timer}: ${error.message}`,
          data,
        });
      }
      if (parsed.spec && neverRuns(parsed.spec)) {
        context.report({
          code: 'invalid-schedule',
          location: spanLocation(schedule, parsed.dayOfMonth ?? { start: 0, end: text.length }),
          severity: 'warning',
          message: `timer ${timer}: this schedule never runs: none of its months has day ${[...parsed.spec.dom.values].join(', ')}. The scheduler accepts it, but the timer never starts; fix the day-of-month or the month.`,
        });
      }
      const dropped = parsed.dropped;
      if (!dropped || settings.target !== 'v3') continue;
      const anyYear = dropped.text.split(/\s+/).every((field) => field === '*' || field === '?');
      const kept = text.slice(0, parsed.tokens[4].end);
      context.report({
        code: 'schedule-sixth-field',
        location: spanLocation(schedule, dropped),
        severity: anyYear ? 'information' : undefined,
        message: anyYear
          ? `timer ${timer}: Convox (v3) drops "${dropped.text}" (the AWS year field) and runs \`${parsed.effective}\`. Harmless here; the 5-field form \`${kept}\` works on v2 and v3 alike.`
          : `timer ${timer}: Convox (v3) drops "${dropped.text}" and runs \`${parsed.effective}\`, so the year restriction is lost and the timer runs every year. Remove it (and check the year in the command if it matters).`,
        data: { timer, text, replacement: kept + text.slice(dropped.end), title: 'Remove the sixth field' } satisfies ScheduleFixData,
      });
    }
  },
};
