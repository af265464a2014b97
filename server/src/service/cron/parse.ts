import { parseGoDuration } from '../checks/goParsers';
import type { Target } from '../settings';

/**
 * The one cron parser of convox-yml: the schedule check, the hover and the inlay hints all read its result.
 *
 * A timer's `schedule` is read differently per rack generation:
 * - v3 (Kubernetes): Convox keeps the first 5 whitespace-separated fields and turns a field that is exactly `?`
 *   into `*` (`manifest.go` `ApplyCompatibility`); any `?` left fails validation (`validateTimers`). The result
 *   goes verbatim into `CronJob.spec.schedule`, which Kubernetes parses with robfig/cron v3 `ParseStandard`
 *   (5 fields, `*` `,` `-` `/`, month and day names, `@hourly`-style descriptors and `@every <duration>`;
 *   day-of-week 0-6 with SUN=0; a schedule containing `TZ` is refused).
 * - v2 (ECS): Convox splits the value on single spaces and appends ` *` (the year) to 5 fields (`timer.go` `Cron`);
 *   the result is an EventBridge `cron(...)`: day-of-week 1-7 with SUN=1, `L`, `W` and `#`, years 1970-2199, and
 *   `?` in exactly one of day-of-month and day-of-week. There are no `@` macros.
 */

export type FieldName = 'minute' | 'hour' | 'day-of-month' | 'month' | 'day-of-week' | 'year';

/** A span of the schedule text (offsets into the string as written). */
export interface Span {
  start: number;
  end: number;
}

export interface Token extends Span {
  text: string;
}

export interface ScheduleError extends Span {
  /** What is wrong and what to write instead (without the timer's name). */
  message: string;
  /** Convox's own validation error (`timer <t> invalid, schedule cannot contain ?`) rather than the scheduler's. */
  convox?: 'question-mark';
  /** A schedule that fixes this error, with the quick fix's title. */
  replacement?: { text: string; title: string };
}

/** The days a day-of-month or day-of-week field selects. Day-of-week values are always 0 (SUN) to 6 (SAT). */
export interface DayField {
  /** Unrestricted: `*` or `?` (for v3 robfig's "star bit": a `*` without a step above 1). */
  star: boolean;
  values: Set<number>;
  /** `L` in day-of-month: the last day of the month (v2). */
  last?: boolean;
  /** `LW` in day-of-month: the last weekday of the month (v2). */
  lastWeekday?: boolean;
  /** `15W` in day-of-month: the weekday nearest that day (v2). */
  nearestWeekday: number[];
  /** `5L` in day-of-week: the last such weekday of the month (v2). */
  lastOf: number[];
  /** `2#1` in day-of-week: [weekday, occurrence] (v2). */
  nth: [number, number][];
}

/** A valid schedule as sets of values, ready for describing and for computing the next runs (in UTC). */
export interface CronSpec {
  minutes: number[];
  hours: number[];
  months: number[];
  dom: DayField;
  dow: DayField;
  /** v2's year field when it is not `*`. */
  years?: number[];
}

/** A number written in the day-of-week field (a single day or a range end; not a step or an `#` occurrence). */
export interface DayNumber extends Span {
  value: number;
}

export interface ParsedSchedule {
  target: Target;
  text: string;
  /** The fields as the target splits them. */
  tokens: Token[];
  /** What the rack runs: v3 the CronJob schedule after Convox's changes, v2 the EventBridge `cron(...)`. */
  effective: string;
  /** `@daily` and friends (v3). */
  macro?: string;
  /** `@every 1h30m` (v3): a fixed interval counted from when the controller starts, so no next runs. */
  every?: string;
  /** Set when the schedule is valid for the target and is not `@every`. */
  spec?: CronSpec;
  errors: ScheduleError[];
  /** v3: the 6th and further fields, which Convox drops. */
  dropped?: Span & { text: string };
  /** The day-of-week field (v3: after `?` became `*`). */
  dayOfWeek?: Token;
  dayOfMonth?: Token;
  dayNumbers: DayNumber[];
}

export const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
export const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

interface Bounds {
  target: Target;
  name: FieldName;
  min: number;
  max: number;
  /** Names and the number each stands for. */
  names?: Map<string, number>;
}

const names = (list: string[], first: number) => new Map(list.map((name, index) => [name, index + first]));

const V3_BOUNDS: Bounds[] = [
  { target: 'v3', name: 'minute', min: 0, max: 59 },
  { target: 'v3', name: 'hour', min: 0, max: 23 },
  { target: 'v3', name: 'day-of-month', min: 1, max: 31 },
  { target: 'v3', name: 'month', min: 1, max: 12, names: names(MONTH_NAMES, 1) },
  { target: 'v3', name: 'day-of-week', min: 0, max: 6, names: names(DAY_NAMES, 0) },
];

const V2_BOUNDS: Bounds[] = [
  { target: 'v2', name: 'minute', min: 0, max: 59 },
  { target: 'v2', name: 'hour', min: 0, max: 23 },
  { target: 'v2', name: 'day-of-month', min: 1, max: 31 },
  { target: 'v2', name: 'month', min: 1, max: 12, names: names(MONTH_NAMES, 1) },
  { target: 'v2', name: 'day-of-week', min: 1, max: 7, names: names(DAY_NAMES, 1) },
  { target: 'v2', name: 'year', min: 1970, max: 2199 },
];

/** The descriptors robfig/cron accepts, as the 5 fields they stand for. */
export const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** The same schedules written for EventBridge (v2), which has no macros; each also works on v3. */
export const PORTABLE_MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 ?',
  '@annually': '0 0 1 1 ?',
  '@monthly': '0 0 1 * ?',
  '@weekly': '0 0 ? * SUN',
  '@daily': '0 0 * * ?',
  '@midnight': '0 0 * * ?',
  '@hourly': '0 * * * ?',
};

const EXAMPLE = '`0 3 * * ?`';
const FIELDS_HINT = 'minute hour day-of-month month day-of-week';

/**
 * Schedules parsed before, by rack generation and text. Every keystroke checks every timer's schedule (twice), and
 * the schedules of a manifest rarely change; forgotten all at once past a bound, so a stream of distinct texts cannot
 * grow it. The results are shared: read them, never change them.
 */
const parsedSchedules = new Map<string, ParsedSchedule>();
const REMEMBERED_SCHEDULES = 2_000;

export function parseSchedule(text: string, target: Target): ParsedSchedule {
  const key = `${target} ${text}`;
  let parsed = parsedSchedules.get(key);
  if (!parsed) {
    if (parsedSchedules.size >= REMEMBERED_SCHEDULES) parsedSchedules.clear();
    parsed = target === 'v2' ? parseV2(text) : parseV3(text);
    parsedSchedules.set(key, parsed);
  }
  return parsed;
}

// --- v3 --------------------------------------------------------------------------------------------------------

function fields(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(/\S+/g)) tokens.push({ text: match[0], start: match.index, end: match.index + match[0].length });
  return tokens;
}

function parseV3(text: string): ParsedSchedule {
  const tokens = fields(text);
  const result: ParsedSchedule = { target: 'v3', text, tokens, effective: '', errors: [], dayNumbers: [] };
  const whole: Span = tokens.length ? { start: tokens[0].start, end: tokens[tokens.length - 1].end } : { start: 0, end: text.length };
  if (tokens.length === 0) {
    result.errors.push({ ...whole, message: `the schedule is empty and Kubernetes rejects the timer at promote. Write 5 fields (${FIELDS_HINT}), e.g. ${EXAMPLE}.` });
    return result;
  }
  // ApplyCompatibility: only 5 fields, and a lone `?` is `*`.
  const kept = tokens.slice(0, 5).map((token) => ({ ...token, text: token.text === '?' ? '*' : token.text }));
  if (tokens.length > 5) result.dropped = { start: tokens[5].start, end: tokens[tokens.length - 1].end, text: text.slice(tokens[5].start, tokens[tokens.length - 1].end) };
  result.effective = kept.map((token) => token.text).join(' ');
  if (kept.length >= 5) {
    result.dayOfMonth = kept[2];
    result.dayOfWeek = kept[4];
  }

  for (const token of kept) {
    if (token.text.includes('?')) {
      result.errors.push({
        ...token,
        convox: 'question-mark',
        message: `"${token.text}" mixes ? with other characters: only a field that is exactly ? is accepted (Convox reads it as *). Write ${token.text.replace(/\?/g, '') || '*'} or a lone ?.`,
      });
    }
  }
  if (result.errors.length) return result;

  if (result.effective.includes('TZ')) {
    result.errors.push({ ...whole, message: 'Kubernetes rejects TZ= or CRON_TZ= in a schedule at promote, and Convox timers have no time zone setting: times are UTC. Remove the prefix and convert the time to UTC.' });
    return result;
  }

  if (result.effective.startsWith('@')) {
    const every = /^@every (.*)$/.exec(result.effective);
    if (every) {
      if (goDuration(every[1]) === undefined) {
        result.errors.push({ ...whole, message: `"${every[1]}" is not a duration Kubernetes accepts after @every. Write e.g. @every 1h30m, or 5 cron fields.` });
      } else {
        result.every = every[1];
      }
      return result;
    }
    const expansion = MACROS[result.effective];
    if (!expansion) {
      result.errors.push({ ...whole, message: `${result.effective} is not a schedule Kubernetes knows: use @hourly, @daily (= @midnight), @weekly, @monthly or @yearly (= @annually), or 5 cron fields such as ${EXAMPLE}.` });
      return result;
    }
    result.macro = result.effective;
    const spec = compile(fields(expansion), V3_BOUNDS, 'v3', { errors: [], dayNumbers: [] });
    result.spec = spec;
    return result;
  }

  if (kept.length < 5) {
    result.errors.push({ ...whole, message: `Kubernetes needs 5 fields (${FIELDS_HINT}) and rejects ${kept.length === 1 ? 'this single field' : `these ${kept.length}`} at promote. Write e.g. ${EXAMPLE}.` });
    return result;
  }
  const spec = compile(kept, V3_BOUNDS, 'v3', result);
  if (!result.errors.length) result.spec = spec;
  return result;
}

// --- v2 --------------------------------------------------------------------------------------------------------

function parseV2(text: string): ParsedSchedule {
  // timer.go Cron: strings.Split(schedule, " ")
  const tokens: Token[] = [];
  let offset = 0;
  for (const part of text.split(' ')) {
    tokens.push({ text: part, start: offset, end: offset + part.length });
    offset += part.length + 1;
  }
  const result: ParsedSchedule = { target: 'v2', text, tokens, effective: '', errors: [], dayNumbers: [] };
  const whole: Span = { start: 0, end: text.length };
  const trimmed = text.trim();
  if (trimmed.startsWith('@')) {
    const portable = PORTABLE_MACROS[trimmed];
    result.errors.push({
      ...whole,
      replacement: portable ? { text: portable, title: `Change to "${portable}"` } : undefined,
      message: `invalid schedule expression: ${text}. v2 racks turn the schedule into an EventBridge cron(...), which has no @ macros: write the fields${portable ? `, e.g. \`${portable}\` (works on v2 and v3)` : ` (${FIELDS_HINT})`}.`,
    });
    return result;
  }
  if (tokens.length !== 5 && tokens.length !== 6) {
    const spaces = /\s{2,}|^\s|\s$|\t/.test(text) && fields(text).length >= 5 && fields(text).length <= 6;
    result.errors.push({
      ...whole,
      message: spaces
        ? `invalid schedule expression: ${text}. Convox (v2) splits the schedule on single spaces: write exactly one space between fields, e.g. ${EXAMPLE}.`
        : `invalid schedule expression: ${text}. Write 5 fields (${FIELDS_HINT}) or 6 with a year, e.g. ${EXAMPLE}.`,
    });
    return result;
  }
  const empty = tokens.find((token) => token.text === '');
  if (empty) {
    result.errors.push({ ...whole, message: `Convox (v2) splits the schedule on single spaces, so this gives EventBridge an empty field and it rejects the timer. Write exactly one space between fields, e.g. ${EXAMPLE}.` });
    return result;
  }
  result.effective = `cron(${text}${tokens.length === 5 ? ' *' : ''})`;
  result.dayOfMonth = tokens[2];
  result.dayOfWeek = tokens[4];
  const dom = tokens[2].text;
  const dow = tokens[4].text;
  if (dom === '?' && dow === '?') {
    result.errors.push({ start: tokens[2].start, end: tokens[4].end, message: 'EventBridge (v2) rejects ? in both day-of-month and day-of-week: put * in one of them, e.g. `0 3 * * ?`.' });
  } else if (dom !== '?' && dow !== '?') {
    const both = dom !== '*' && dow !== '*';
    const field = dow === '*' || dom !== '*' ? 'day-of-week' : 'day-of-month';
    result.errors.push({
      start: tokens[2].start,
      end: tokens[4].end,
      replacement: both ? undefined : { text: questionFix(tokens), title: `Use ? for ${field}` },
      message: both
        ? 'EventBridge (v2) cannot combine a day-of-month and a day-of-week: one of them must be ?. Keep one and write ? in the other.'
        : `EventBridge (v2) needs ? in day-of-month or day-of-week, so it rejects this schedule at promote. Write ? in the ${field} field: \`${questionFix(tokens)}\`${parseV3(questionFix(tokens)).errors.length ? '' : ' (works on v2 and v3)'}.`,
    });
  }
  const spec = compile(tokens, V2_BOUNDS, 'v2', result);
  if (!result.errors.length) result.spec = spec;
  return result;
}

/** The schedule with `?` in the field EventBridge needs it in (day-of-week unless only day-of-week is restricted). */
export function questionFix(tokens: Token[]): string {
  const parts = tokens.map((token) => token.text);
  if (parts[4] === '*' || parts[2] !== '*') parts[4] = '?';
  else parts[2] = '?';
  return parts.join(' ');
}

// --- fields ----------------------------------------------------------------------------------------------------

interface Sink {
  errors: ScheduleError[];
  dayNumbers: DayNumber[];
}

function emptyDays(): DayField {
  return { star: false, values: new Set(), nearestWeekday: [], lastOf: [], nth: [] };
}

function compile(tokens: Token[], bounds: Bounds[], target: Target, sink: Sink): CronSpec {
  const sets: Set<number>[] = [];
  const days: DayField[] = [emptyDays(), emptyDays()];
  bounds.forEach((bound, index) => {
    const token = tokens[index];
    const values = new Set<number>();
    sets.push(values);
    if (!token) return;
    const day = bound.name === 'day-of-month' ? days[0] : bound.name === 'day-of-week' ? days[1] : undefined;
    if (target === 'v2' && token.text === '?' && day) {
      day.star = true;
      return;
    }
    if (token.text === '?') {
      sink.errors.push({ ...token, message: `? is only allowed in day-of-month or day-of-week; write * in the ${bound.name} field.` });
      return;
    }
    let star = false;
    let offset = token.start;
    // robfig splits with FieldsFunc (empty items are skipped); EventBridge rejects them.
    for (const item of token.text.split(',')) {
      const span = { start: offset, end: offset + item.length };
      offset += item.length + 1;
      if (item === '') {
        if (target === 'v2') sink.errors.push({ ...token, message: `empty item in the ${bound.name} field "${token.text}": remove the extra comma.` });
        continue;
      }
      const parsed = target === 'v2' ? v2Item(item, span, bound, day, sink) : v3Item(item, span, bound, sink);
      if (!parsed) continue;
      if (parsed.star) star = true;
      for (const value of parsed.values) values.add(value);
    }
    if (day) {
      day.star = star;
      for (const value of values) day.values.add(bound.name === 'day-of-week' && target === 'v2' ? value - 1 : value);
    }
  });
  const [minutes, hours, , months] = sets;
  const spec: CronSpec = { minutes: sorted(minutes), hours: sorted(hours), months: sorted(months), dom: days[0], dow: days[1] };
  const yearToken = tokens[5];
  if (target === 'v2' && yearToken && yearToken.text !== '*' && sets[5]) spec.years = sorted(sets[5]);
  return spec;
}

const sorted = (values: Set<number>) => [...values].sort((a, b) => a - b);

interface Item {
  values: number[];
  star: boolean;
}

/** True when an item uses EventBridge's L, W or # (names such as JUL or WED do not count). */
function awsSyntax(item: string, bound: Bounds): boolean {
  const withoutNames = item.replace(/[a-z]{3}/gi, (name) => (bound.names?.has(name.toUpperCase()) ? '' : name));
  return /[LW#]/i.test(withoutNames);
}

/** robfig/cron `getRange`: `*`, `N`, `N-M`, each with an optional `/step` (`N/step` runs from N to the maximum). */
function v3Item(item: string, span: Span, bound: Bounds, sink: Sink): Item | undefined {
  const fail = (message: string) => {
    sink.errors.push({ ...span, message });
    return undefined;
  };
  if (awsSyntax(item, bound)) {
    return fail(`"${item}" uses L, W or #, which only v2 (EventBridge) cron has; Kubernetes rejects it at promote. Kubernetes cron cannot say "last day" or "2nd Monday": run the timer on a wider schedule and let the command check the date.`);
  }
  const slash = item.split('/');
  if (slash.length > 2) return fail(`"${item}" has more than one /: write start-end/step, e.g. */15.`);
  const range = slash[0].split('-');
  let start: number;
  let end: number;
  let star = false;
  if (range[0] === '*' || range[0] === '?') {
    start = bound.min;
    end = bound.max;
    star = true;
  } else {
    const low = number(range[0], bound, span, sink);
    if (low === undefined) return undefined;
    start = end = low;
    if (range.length === 2) {
      const high = number(range[1], bound, { start: span.start + range[0].length + 1, end: span.start + slash[0].length }, sink);
      if (high === undefined) return undefined;
      end = high;
    } else if (range.length > 2) {
      return fail(`"${item}" has more than one -: write a range as start-end.`);
    }
  }
  let step = 1;
  if (slash.length === 2) {
    if (!/^\+?\d+$/.test(slash[1])) return fail(`the step in "${item}" must be a whole number, e.g. */15.`);
    step = Number(slash[1]);
    if (range.length === 1) end = bound.max;
    if (step > 1) star = false;
  }
  if (start < bound.min) return fail(outOfRange(bound, start));
  if (end > bound.max) return fail(outOfRange(bound, end));
  if (start > end) return fail(`"${item}" runs backwards (${start} > ${end}): Kubernetes rejects it; write the smaller value first.`);
  if (step === 0) return fail(`the step in "${item}" must be at least 1.`);
  const values: number[] = [];
  for (let value = start; value <= end; value += step) values.push(value);
  return { values, star };
}

/** One item of an EventBridge field. */
function v2Item(item: string, span: Span, bound: Bounds, day: DayField | undefined, sink: Sink): Item | undefined {
  const fail = (message: string) => {
    sink.errors.push({ ...span, message });
    return undefined;
  };
  const upper = item.toUpperCase();
  if (bound.name === 'day-of-month' && day) {
    if (upper === 'L') return ((day.last = true), { values: [], star: false });
    if (upper === 'LW') return ((day.lastWeekday = true), { values: [], star: false });
    const weekday = /^(\d+)W$/.exec(upper);
    if (weekday) {
      const value = Number(weekday[1]);
      if (value < 1 || value > 31) return fail(outOfRange(bound, value));
      day.nearestWeekday.push(value);
      return { values: [], star: false };
    }
  }
  if (bound.name === 'day-of-week' && day) {
    if (upper === 'L') return { values: [7], star: false }; // the last day of the week: Saturday
    const last = /^(\w+)L$/.exec(upper);
    if (last && !bound.names?.has(upper)) {
      const value = number(last[1], bound, span, sink);
      if (value === undefined) return undefined;
      day.lastOf.push(value - 1);
      return { values: [], star: false };
    }
    const nth = /^(\w+)#(\d+)$/.exec(upper);
    if (nth) {
      const value = number(nth[1], bound, { start: span.start, end: span.start + nth[1].length }, sink);
      if (value === undefined) return undefined;
      const occurrence = Number(nth[2]);
      if (occurrence < 1 || occurrence > 5) return fail(`"${item}": the occurrence after # must be 1 to 5.`);
      day.nth.push([value - 1, occurrence]);
      return { values: [], star: false };
    }
  }
  if (awsSyntax(item, bound)) {
    return fail(`"${item}": EventBridge accepts L and W only in day-of-month and L and # only in day-of-week.`);
  }
  const slash = item.split('/');
  if (slash.length > 2) return fail(`"${item}" has more than one /: write start/step, e.g. 0/15.`);
  if (slash.length === 2 && bound.name === 'day-of-week') return fail(`EventBridge does not accept / in day-of-week ("${item}"): list the days, e.g. MON,WED,FRI.`);
  const range = slash[0].split('-');
  let values: number[];
  let star = false;
  if (range[0] === '*' && range.length === 1) {
    values = [];
    for (let value = bound.min; value <= bound.max; value++) values.push(value);
    star = slash.length === 1;
  } else {
    if (range.length > 2) return fail(`"${item}" has more than one -: write a range as start-end.`);
    const low = number(range[0], bound, { start: span.start, end: span.start + range[0].length }, sink);
    if (low === undefined) return undefined;
    let high = slash.length === 2 && range.length === 1 ? bound.max : low;
    if (range.length === 2) {
      const parsed = number(range[1], bound, { start: span.start + range[0].length + 1, end: span.start + slash[0].length }, sink);
      if (parsed === undefined) return undefined;
      high = parsed;
    }
    values = [];
    // EventBridge, like Quartz, reads a backwards range as wrapping around (FRI-MON).
    const size = bound.max - bound.min + 1;
    for (let value = low, guard = 0; guard < size; guard++) {
      values.push(value);
      if (value === high) break;
      value = value === bound.max ? bound.min : value + 1;
    }
  }
  if (slash.length === 2) {
    if (!/^\d+$/.test(slash[1]) || Number(slash[1]) === 0) return fail(`the step in "${item}" must be a whole number of at least 1, e.g. 0/15.`);
    const step = Number(slash[1]);
    values = values.filter((_, index) => index % step === 0);
  }
  return { values, star };
}

/** A number or a name within the field's bounds; records day-of-week numbers for the day-of-week rule. */
function number(text: string, bound: Bounds, span: Span, sink: Sink): number | undefined {
  const named = bound.names?.get(text.toUpperCase());
  if (named !== undefined) return named;
  if (!/^\+?\d+$/.test(text)) {
    const what = bound.names ? ` (numbers or names such as ${[...bound.names.keys()].slice(0, 3).join(', ')})` : '';
    sink.errors.push({ ...span, message: `"${text}" is not a valid ${bound.name} value: write ${rangeText(bound)}${what}.` });
    return undefined;
  }
  const value = Number(text);
  if (bound.name === 'day-of-week') sink.dayNumbers.push({ ...span, end: span.start + text.length, value });
  if (value < bound.min || value > bound.max) {
    sink.errors.push({ ...span, end: span.start + text.length, message: outOfRange(bound, value) });
    return undefined;
  }
  return value;
}

function rangeText(bound: Bounds): string {
  return `${bound.min}-${bound.max}`;
}

function outOfRange(bound: Bounds, value: number): string {
  const target = bound.target;
  if (bound.name === 'day-of-week') {
    return target === 'v3'
      ? `day-of-week ${value} is out of range: Kubernetes (v3) numbers days 0-6 with SUN=0, so it rejects ${value} at promote. Write the day by name (SUN-SAT).`
      : `day-of-week ${value} is out of range: EventBridge (v2) numbers days 1-7 with SUN=1. Write the day by name (SUN-SAT).`;
  }
  return `${bound.name} ${value} is out of range: ${target === 'v3' ? 'Kubernetes' : 'EventBridge'} accepts ${rangeText(bound)}.`;
}

/** Go's `time.ParseDuration` (what `@every` takes), in milliseconds; undefined when Go would reject it. */
export function goDuration(text: string): number | undefined {
  const nanoseconds = parseGoDuration(text);
  return nanoseconds === undefined ? undefined : nanoseconds / 1e6;
}

// --- day-of-week numbers ---------------------------------------------------------------------------------------

/** The day name a number stands for on a target (v3: 0=SUN, v2: 1=SUN); undefined when out of range there. */
export function dayName(value: number, target: Target): string | undefined {
  const index = target === 'v2' ? value - 1 : value;
  return DAY_NAMES[index];
}

/**
 * The day-of-week field with every number written as the day name it means on `target` (by default the target it
 * was parsed for); undefined when a number is out of range there or the field uses L or #.
 */
export function dayOfWeekWithNames(parsed: ParsedSchedule, target: Target = parsed.target): string | undefined {
  const field = parsed.dayOfWeek;
  if (!field || !parsed.dayNumbers.length) return undefined;
  if (/[L#]/i.test(field.text)) return undefined;
  let text = '';
  let cursor = field.start;
  for (const number of parsed.dayNumbers) {
    if (number.start < field.start || number.end > field.end) continue;
    const name = dayName(number.value, target);
    if (!name) return undefined;
    text += parsed.text.slice(cursor, number.start) + name;
    cursor = number.end;
  }
  return text + parsed.text.slice(cursor, field.end);
}

const LONGEST_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** True when a valid schedule can never run: only days of the month that none of its months has (30 February). */
export function neverRuns(spec: CronSpec): boolean {
  if (spec.dom.star || !spec.dow.star) return false;
  if (spec.dom.last || spec.dom.lastWeekday || spec.dom.nearestWeekday.length) return false;
  const longest = Math.max(0, ...spec.months.map((month) => LONGEST_MONTH[month - 1]));
  return [...spec.dom.values].every((day) => day > longest);
}
