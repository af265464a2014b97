import { dayOfWeekWithNames, parseSchedule } from '../cron/parse';
import { spanLocation, timerSchedules } from '../cron/timers';
import type { Check } from '../diagnostics/rule';
import type { Target } from '../settings';
import type { ScheduleFixData } from './timerSchedule';

const NUMBERING: Record<Target, string> = { v3: 'Kubernetes counts 0-6 from SUN=0', v2: 'EventBridge counts 1-7 from SUN=1' };

/**
 * A numeric day-of-week means different days on v2 (EventBridge: 1-7, SUN=1) and v3 (Kubernetes: 0-6, SUN=0), so a
 * schedule copied between rack generations silently shifts by one day. Names (MON-FRI) mean the same on both.
 */
export const scheduleDayOfWeek: Check = {
  rules: [{ code: 'schedule-day-of-week', severity: 'warning', title: 'A numeric day-of-week, which v2 and v3 read one day apart' }],
  run(context) {
    const { document, settings } = context;
    const target = settings.target;
    const other: Target = target === 'v3' ? 'v2' : 'v3';
    for (const schedule of timerSchedules(document)) {
      const parsed = parseSchedule(schedule.text, target);
      const field = parsed.dayOfWeek;
      if (!field || parsed.errors.length) continue; // an invalid schedule is reported as such
      // Only numbers both generations accept (1-6) are read differently; 0 (v3) and 7 (v2) fail on the other one.
      if (!parsed.dayNumbers.some((number) => number.value >= 1 && number.value <= 6)) continue;
      const here = dayOfWeekWithNames(parsed);
      if (!here) continue;
      const there = dayOfWeekWithNames(parsed, other);
      const meaning = there
        ? `but ${there} on ${other} racks (${NUMBERING[other]}): the days shift by one between rack generations`
        : `and is not valid on ${other} racks (${NUMBERING[other]})`;
      const replacement = schedule.text.slice(0, field.start) + here + schedule.text.slice(field.end);
      context.report({
        code: 'schedule-day-of-week',
        location: spanLocation(schedule, field),
        message: `timer ${schedule.timer}: day-of-week "${field.text}" means ${here} on ${target} racks (${NUMBERING[target]}), ${meaning}. Write day names instead: ${here}.`,
        data: { timer: schedule.timer, text: schedule.text, replacement, title: `Use day names (${here})` } satisfies ScheduleFixData,
      });
    }
  },
};
