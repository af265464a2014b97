import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dayOfWeekWithNames, neverRuns, parseSchedule } from '../../../server/src/service/cron/parse';
import type { Target } from '../../../server/src/service/settings';

const errors = (text: string, target: Target) => parseSchedule(text, target).errors.map((e) => e.message);
const valid = (text: string, target: Target) => assert.deepEqual(errors(text, target), [], `${text} on ${target}`);
const invalid = (text: string, target: Target, pattern: RegExp) => {
  const found = errors(text, target);
  assert.ok(found.some((m) => pattern.test(m)), `${text} on ${target}: expected ${pattern}, got ${JSON.stringify(found)}`);
};

test('v3: five fields with *, lists, ranges, steps and names are valid', () => {
  for (const text of ['* * * * *', '0 3 * * *', '*/15 * * * *', '5/15 0-23/2 1,15 JAN-MAR,DEC MON-FRI', '0 0 * * sun', '59 23 31 12 6', '0 0 1 * 0']) valid(text, 'v3');
});

test('v3: ranges are checked per field (minute 0-59, hour 0-23, day-of-month 1-31, month 1-12, day-of-week 0-6)', () => {
  invalid('60 * * * *', 'v3', /minute 60 is out of range: Kubernetes accepts 0-59/);
  invalid('0 24 * * *', 'v3', /hour 24 is out of range/);
  invalid('0 0 0 * *', 'v3', /day-of-month 0 is out of range: Kubernetes accepts 1-31/);
  invalid('0 0 * 13 *', 'v3', /month 13 is out of range/);
  invalid('0 3 * * 7', 'v3', /day-of-week 7 is out of range: Kubernetes \(v3\) numbers days 0-6 with SUN=0/);
  invalid('0 3 * * 5-2', 'v3', /runs backwards \(5 > 2\)/);
  invalid('*/0 * * * *', 'v3', /step .* must be at least 1/);
  invalid('0 3 * * MONDAY', 'v3', /"MONDAY" is not a valid day-of-week value/);
  invalid('0 3 * JAN-FOO *', 'v3', /"FOO" is not a valid month value/);
});

test('v3: a lone ? becomes *, a ? inside a field is Convox\'s own error', () => {
  const parsed = parseSchedule('0 3 * * ?', 'v3');
  assert.deepEqual(parsed.errors, []);
  assert.equal(parsed.effective, '0 3 * * *');
  const [error] = parseSchedule('1? 3 * * *', 'v3').errors;
  assert.equal(error.convox, 'question-mark');
  assert.deepEqual([error.start, error.end], [0, 2]);
});

test('v3: AWS-only L, W and # are rejected, names containing those letters are not', () => {
  invalid('0 0 L * *', 'v3', /uses L, W or #, which only v2 \(EventBridge\) cron has/);
  invalid('0 0 15W * *', 'v3', /uses L, W or #/);
  invalid('0 12 * * 2#1', 'v3', /uses L, W or #/);
  valid('0 0 * JUL WED', 'v3');
  valid('0 0 * JUN-JUL MON-WED', 'v3');
});

test('v3: macros are accepted, unknown ones and TZ prefixes are not', () => {
  for (const macro of ['@hourly', '@daily', '@midnight', '@weekly', '@monthly', '@yearly', '@annually']) {
    const parsed = parseSchedule(macro, 'v3');
    assert.deepEqual(parsed.errors, [], macro);
    assert.ok(parsed.spec, macro);
  }
  assert.equal(parseSchedule('@every 1h30m', 'v3').every, '1h30m');
  invalid('@every soon', 'v3', /not a duration/);
  invalid('@fortnightly', 'v3', /not a schedule Kubernetes knows/);
  invalid('TZ=Europe/Paris 0 3 * *', 'v3', /TZ= or CRON_TZ=/);
});

test('v3: fewer than 5 fields is an error, a 6th field is dropped (not an error)', () => {
  invalid('0 3 * *', 'v3', /needs 5 fields .* rejects these 4/);
  const parsed = parseSchedule('30 6 ? * MON-FRI *', 'v3');
  assert.deepEqual(parsed.errors, []);
  assert.equal(parsed.effective, '30 6 * * MON-FRI');
  assert.deepEqual(parsed.dropped, { start: 17, end: 18, text: '*' });
  assert.equal(parseSchedule('0 3 * * ? 2025 x', 'v3').dropped?.text, '2025 x');
});

test('v2: EventBridge needs ? in exactly one of day-of-month and day-of-week', () => {
  invalid('0 3 * * *', 'v2', /needs \? in day-of-month or day-of-week.*`0 3 \* \* \?` \(works on v2 and v3\)/);
  invalid('0 3 * * MON', 'v2', /Write \? in the day-of-month field: `0 3 \? \* MON`/);
  invalid('0 0 1 * MON', 'v2', /cannot combine a day-of-month and a day-of-week/);
  invalid('0 0 ? * ?', 'v2', /rejects \? in both/);
  valid('0 3 * * ?', 'v2');
  valid('30 6 ? * MON-FRI *', 'v2');
  valid('0 4 * * ?', 'v2');
  const [error] = parseSchedule('0 3 * * *', 'v2').errors;
  assert.deepEqual(error.replacement, { text: '0 3 * * ?', title: 'Use ? for day-of-week' });
  // The portable claim is only made when the fixed schedule also works on v3.
  assert.doesNotMatch(errors('0 3 * * 7', 'v2')[0], /works on v2 and v3/);
});

test('v2: day-of-week is 1-7 (SUN=1); L, W, # and years are EventBridge syntax', () => {
  valid('0 3 ? * 7', 'v2');
  invalid('0 3 ? * 0', 'v2', /day-of-week 0 is out of range: EventBridge \(v2\) numbers days 1-7 with SUN=1/);
  valid('0 0 L * ? *', 'v2');
  valid('0 0 LW * ?', 'v2');
  valid('0 0 15W * ?', 'v2');
  valid('0 12 ? * 2#1', 'v2');
  valid('0 12 ? * 6L', 'v2');
  valid('0 12 * * ? 2030', 'v2');
  invalid('0 12 * * ? 1969', 'v2', /year 1969 is out of range: EventBridge accepts 1970-2199/);
  invalid('0 12 ? * 2#6', 'v2', /occurrence after # must be 1 to 5/);
  invalid('0 12 ? * MON/2', 'v2', /does not accept \/ in day-of-week/);
});

test('v2: no macros, 5 or 6 fields split on single spaces', () => {
  const [macro] = parseSchedule('@daily', 'v2').errors;
  assert.match(macro.message, /^invalid schedule expression: @daily\. .*no @ macros.*`0 0 \* \* \?`/);
  assert.deepEqual(macro.replacement, { text: '0 0 * * ?', title: 'Change to "0 0 * * ?"' });
  invalid('0 3 * ?', 'v2', /^invalid schedule expression: 0 3 \* \?\. Write 5 fields/);
  invalid('0 3 * * ? * *', 'v2', /^invalid schedule expression/);
  invalid('0  3 * * ?', 'v2', /single spaces/);
});

test('day-of-week numbers are recorded with their offsets and named per target', () => {
  const v3 = parseSchedule('0 3 * * 1-5', 'v3');
  assert.deepEqual(v3.dayNumbers.map((n) => [n.value, n.start, n.end]), [[1, 8, 9], [5, 10, 11]]);
  assert.equal(dayOfWeekWithNames(v3), 'MON-FRI');
  assert.equal(dayOfWeekWithNames(v3, 'v2'), 'SUN-THU');
  assert.equal(dayOfWeekWithNames(parseSchedule('0 3 ? * 2-6', 'v2')), 'MON-FRI');
  assert.equal(dayOfWeekWithNames(parseSchedule('0 3 * * 0,6', 'v3'), 'v2'), undefined, '0 is no day on v2');
  assert.equal(dayOfWeekWithNames(parseSchedule('*/2 3 * * 1/2', 'v3')), 'MON/2', 'steps are not days');
});

test('robfig semantics: a stepped * is not unrestricted, so day-of-month and day-of-week then combine with OR', () => {
  assert.equal(parseSchedule('0 0 * * MON', 'v3').spec?.dom.star, true);
  assert.equal(parseSchedule('0 0 */2 * MON', 'v3').spec?.dom.star, false);
  assert.equal(parseSchedule('0 0 */1 * MON', 'v3').spec?.dom.star, true);
});

test('a schedule on days no selected month has never runs', () => {
  assert.equal(neverRuns(parseSchedule('0 0 30 2 *', 'v3').spec!), true);
  assert.equal(neverRuns(parseSchedule('0 0 29 2 *', 'v3').spec!), false);
  assert.equal(neverRuns(parseSchedule('0 0 31 4,6 *', 'v3').spec!), true);
  assert.equal(neverRuns(parseSchedule('0 0 30 2 MON', 'v3').spec!), false, 'OR with a weekday still runs');
});
