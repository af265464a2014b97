import type { Target } from '../settings';
import { CronSpec, DayField, dayOfWeekWithNames, goDuration, parseSchedule, ParsedSchedule } from './parse';

/** Schedules in words, their next runs, and the hover text for a timer's `schedule` (all from `parseSchedule`). */

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const ORDINALS = ['', 'first', 'second', 'third', 'fourth', 'fifth'];

const pad = (value: number) => String(value).padStart(2, '0');
const time = (hour: number, minute: number) => `${pad(hour)}:${pad(minute)}`;

function list(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** `[1,2,3,4,5]` -> "Monday through Friday"; `[1,3,5]` -> "Monday, Wednesday and Friday". */
function runs(values: number[], name: (value: number) => string): string {
  const parts: string[] = [];
  for (let i = 0; i < values.length; ) {
    let j = i;
    while (j + 1 < values.length && values[j + 1] === values[j] + 1) j++;
    if (j - i >= 2) parts.push(`${name(values[i])} through ${name(values[j])}`);
    else for (let k = i; k <= j; k++) parts.push(name(values[k]));
    i = j + 1;
  }
  return list(parts);
}

/** The step when the values are `first, first+step, ...` up to the last value the field allows, else undefined. */
function step(values: number[], min: number, max: number): number | undefined {
  if (values.length < 2 || values[0] !== min) return undefined;
  const size = values[1] - values[0];
  if (size < 2) return undefined;
  for (let i = 1; i < values.length; i++) if (values[i] - values[i - 1] !== size) return undefined;
  return values[values.length - 1] + size > max ? size : undefined;
}

/** Hours as clock ranges: `[9..17]` -> "between 09:00 and 17:59"; otherwise "during hours 9, 12 and 15". */
function hourRange(hours: number[]): string {
  const contiguous = hours.every((hour, index) => index === 0 || hour === hours[index - 1] + 1);
  return contiguous ? `between ${time(hours[0], 0)} and ${time(hours[hours.length - 1], 59)}` : `during hours ${runs(hours, String)}`;
}

function timePhrase(spec: CronSpec): string {
  const { minutes, hours } = spec;
  const everyMinute = minutes.length === 60;
  const everyHour = hours.length === 24;
  const minuteStep = step(minutes, 0, 59);
  const hourStep = step(hours, 0, 23);
  if (everyMinute && everyHour) return 'Every minute';
  if (everyHour) {
    if (minuteStep) return `Every ${minuteStep} minutes`;
    if (minutes.length === 1) return minutes[0] === 0 ? 'Every hour, on the hour' : `Every hour, at minute ${minutes[0]}`;
    return `Every hour, at minutes ${runs(minutes, String)}`;
  }
  if (minutes.length * hours.length <= 6) return `At ${list(hours.flatMap((hour) => minutes.map((minute) => time(hour, minute))))}`;
  const hourWords = hourStep ? `every ${hourStep} hours` : hourRange(hours);
  if (everyMinute) return `Every minute, ${hourWords}`;
  if (minuteStep) return `Every ${minuteStep} minutes, ${hourWords}`;
  if (minutes.length === 1) {
    if (hourStep) return `At minute ${minutes[0]}, every ${hourStep} hours`;
    const contiguous = hours.every((hour, index) => index === 0 || hour === hours[index - 1] + 1);
    if (contiguous) return `Every hour from ${time(hours[0], minutes[0])} through ${time(hours[hours.length - 1], minutes[0])}`;
    return `At minute ${minutes[0]} past hours ${runs(hours, String)}`;
  }
  return `At minutes ${runs(minutes, String)}, ${hourWords}`;
}

function domPhrase(day: DayField): string {
  const parts: string[] = [];
  const values = [...day.values].sort((a, b) => a - b);
  if (values.length) parts.push(`on day${values.length > 1 ? 's' : ''} ${runs(values, String)} of the month`);
  if (day.last) parts.push('on the last day of the month');
  if (day.lastWeekday) parts.push('on the last weekday of the month');
  for (const value of day.nearestWeekday) parts.push(`on the weekday nearest day ${value} of the month`);
  return list(parts);
}

function dowPhrase(day: DayField): string {
  const parts: string[] = [];
  const values = [...day.values].sort((a, b) => a - b);
  if (values.length) {
    const words = runs(values, (value) => WEEKDAYS[value]);
    parts.push(values.length === 1 ? `only on ${words}` : /through/.test(words) && !words.includes(',') && !words.includes(' and ') ? words : `on ${words}`);
  }
  for (const value of day.lastOf) parts.push(`on the last ${WEEKDAYS[value]} of the month`);
  for (const [value, occurrence] of day.nth) parts.push(`on the ${ORDINALS[occurrence]} ${WEEKDAYS[value]} of the month`);
  return list(parts);
}

/** A schedule in words, e.g. "At 03:00, every day" or "At 06:30, Monday through Friday". */
export function describeSpec(spec: CronSpec): string {
  const when = timePhrase(spec);
  const domRestricted = !spec.dom.star;
  const dowRestricted = !spec.dow.star;
  let days = '';
  if (domRestricted && dowRestricted) days = `${domPhrase(spec.dom)} or ${dowPhrase(spec.dow).replace(/^only /, '')}`;
  else if (domRestricted) days = domPhrase(spec.dom);
  else if (dowRestricted) days = dowPhrase(spec.dow);
  const monthStep = spec.months.length >= 3 ? step(spec.months, 1, 12) : undefined;
  const months = spec.months.length === 12 ? '' : monthStep ? `every ${monthStep} months` : `in ${runs(spec.months, (month) => MONTHS[month - 1])}`;
  const years = spec.years ? `in ${runs(spec.years, String)}` : '';
  const periodic = /every/i.test(when);
  if (!days && !months && !years) return periodic ? when : `${when}, every day`;
  const dayWords = days || (periodic ? '' : 'every day');
  const calendar = [dayWords && months && !monthStep ? `${dayWords} ${months}` : [dayWords, months].filter(Boolean).join(', '), years].filter(Boolean).join(', ');
  return `${when}, ${calendar}`;
}

/** The schedule in words, or undefined when it is not valid for the target. */
export function describe(parsed: ParsedSchedule): string | undefined {
  if (parsed.every) return `Every ${parsed.every}, counted from when the scheduler starts (not aligned to the clock)`;
  return parsed.spec ? describeSpec(parsed.spec) : undefined;
}

// --- next runs -------------------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
/** How far ahead to look: covers every schedule that runs at all (29 February on a given weekday repeats in 28 years). */
const HORIZON_DAYS = 366 * 30;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isWeekday(date: Date): boolean {
  const day = date.getUTCDay();
  return day !== 0 && day !== 6;
}

function domMatches(day: DayField, date: Date): boolean {
  const dom = date.getUTCDate();
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + 1;
  const last = daysInMonth(year, month);
  if (day.values.has(dom)) return true;
  if (day.last && dom === last) return true;
  if (day.lastWeekday) {
    let target = last;
    while (!isWeekday(new Date(Date.UTC(year, month - 1, target)))) target--;
    if (dom === target) return true;
  }
  for (const wanted of day.nearestWeekday) {
    // Quartz: the weekday nearest the day, without leaving the month.
    const base = Math.min(wanted, last);
    const weekday = new Date(Date.UTC(year, month - 1, base)).getUTCDay();
    let target = base;
    if (weekday === 6) target = base === 1 ? 3 : base - 1;
    else if (weekday === 0) target = base === last ? base - 2 : base + 1;
    if (dom === target) return true;
  }
  return false;
}

function dowMatches(day: DayField, date: Date): boolean {
  const weekday = date.getUTCDay();
  const dom = date.getUTCDate();
  if (day.values.has(weekday)) return true;
  const last = daysInMonth(date.getUTCFullYear(), date.getUTCMonth() + 1);
  if (day.lastOf.includes(weekday) && dom + 7 > last) return true;
  return day.nth.some(([value, occurrence]) => value === weekday && Math.ceil(dom / 7) === occurrence);
}

function dayMatches(spec: CronSpec, date: Date): boolean {
  if (!spec.months.includes(date.getUTCMonth() + 1)) return false;
  if (spec.years && !spec.years.includes(date.getUTCFullYear())) return false;
  const dom = domMatches(spec.dom, date);
  const dow = dowMatches(spec.dow, date);
  // robfig/cron dayMatches: AND when either field is unrestricted, OR when both are restricted.
  return spec.dom.star || spec.dow.star ? (spec.dom.star || dom) && (spec.dow.star || dow) : dom || dow;
}

/** The next `count` run times (UTC) strictly after `now`. */
export function nextRuns(spec: CronSpec, now: Date, count = 3): Date[] {
  const runs: Date[] = [];
  const after = Math.floor(now.getTime() / 60_000) * 60_000 + 60_000;
  const firstDay = Math.floor(after / DAY_MS) * DAY_MS;
  for (let day = 0; day < HORIZON_DAYS && runs.length < count; day++) {
    const date = new Date(firstDay + day * DAY_MS);
    if (!dayMatches(spec, date)) continue;
    for (const hour of spec.hours) {
      for (const minute of spec.minutes) {
        const at = date.getTime() + hour * 3_600_000 + minute * 60_000;
        if (at >= after) runs.push(new Date(at));
        if (runs.length === count) return runs;
      }
    }
  }
  return runs;
}

export function formatRun(date: Date): string {
  return `${date.toISOString().slice(0, 10)} ${time(date.getUTCHours(), date.getUTCMinutes())} UTC (${WEEKDAYS[date.getUTCDay()].slice(0, 3)})`;
}

// --- hover -----------------------------------------------------------------------------------------------------

const OTHER: Record<Target, Target> = { v3: 'v2', v2: 'v3' };

/** Markdown for hovering a timer's schedule: the words, the next runs, and what each rack generation does with it. */
export function scheduleHover(text: string, target: Target, now: Date = new Date()): string {
  const parsed = parseSchedule(text, target);
  const parts: string[] = [];
  const words = describe(parsed);
  if (!words) {
    parts.push(`**Schedule \`${text}\`**: not valid on ${target} racks: ${parsed.errors[0]?.message ?? 'unknown problem'}`);
  } else {
    parts.push(`**Schedule \`${text}\`**: ${words} (UTC).`);
    if (parsed.spec) {
      const runs = nextRuns(parsed.spec, now);
      parts.push(runs.length ? `Next runs: ${runs.map(formatRun).join(', ')}.` : 'This schedule never runs (no such date in the next 30 years).');
    } else if (parsed.every) {
      const ms = goDuration(parsed.every) ?? 0;
      if (ms > 0 && ms < 60_000) parts.push('The CronJob controller checks schedules once a minute, so runs are at most once a minute.');
    }
  }
  parts.push(targetNotes(parsed).map((note) => `- ${note}`).join('\n'));
  return parts.filter(Boolean).join('\n\n');
}

function targetNotes(parsed: ParsedSchedule): string[] {
  const notes: string[] = [];
  const { target, text } = parsed;
  if (target === 'v3') {
    if (parsed.effective && parsed.effective !== text.trim()) notes.push(`v3: Convox keeps 5 fields and turns a lone \`?\` into \`*\`; the CronJob runs \`${parsed.effective}\`.`);
    notes.push('v3: a Kubernetes CronJob without a time zone: times are the controller\'s, UTC on managed clusters.');
  } else {
    if (parsed.effective) notes.push(`v2: Convox creates the EventBridge rule \`${parsed.effective}\` (UTC).`);
  }
  const named = dayOfWeekWithNames(parsed);
  if (named && parsed.dayNumbers.some((number) => number.value >= 1 && number.value <= 6)) {
    notes.push(`Day-of-week numbers differ: v3 counts 0-6 from SUN=0, v2 counts 1-7 from SUN=1. Here they mean \`${named}\`; write names to mean the same on both.`);
  }
  const other = parseSchedule(text, OTHER[target]);
  if (parsed.errors.length === 0) {
    if (other.errors.length) {
      notes.push(`On ${other.target} racks this schedule fails: ${other.errors[0].message}`);
    } else {
      const here = describe(parsed);
      const there = describe(other);
      notes.push(here === there ? `Works the same on ${other.target} racks.` : `On ${other.target} racks it means: ${there}.`);
    }
  }
  return notes;
}

/** The text of an inlay hint after a schedule: its words, or nothing when it is not valid for the target. */
export function inlayLabel(text: string, target: Target): string | undefined {
  return describe(parseSchedule(text, target));
}
