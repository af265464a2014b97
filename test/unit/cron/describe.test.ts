import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describe, formatRun, nextRuns, scheduleHover } from '../../../server/src/service/cron/describe';
import { parseSchedule } from '../../../server/src/service/cron/parse';
import type { Target } from '../../../server/src/service/settings';

const words = (text: string, target: Target = 'v3') => describe(parseSchedule(text, target));
const NOW = new Date('2025-01-15T10:20:30Z'); // a Wednesday
const runs = (text: string, target: Target = 'v3', now = NOW) => nextRuns(parseSchedule(text, target).spec!, now).map((d) => d.toISOString().slice(0, 16));

test('schedules in words', () => {
  assert.equal(words('0 3 * * *'), 'At 03:00, every day');
  assert.equal(words('0 3 * * ?'), 'At 03:00, every day');
  assert.equal(words('30 6 ? * MON-FRI *'), 'At 06:30, Monday through Friday');
  assert.equal(words('*/15 * * * ?'), 'Every 15 minutes');
  assert.equal(words('* * * * *'), 'Every minute');
  assert.equal(words('0 * * * *'), 'Every hour, on the hour');
  assert.equal(words('30 * * * *'), 'Every hour, at minute 30');
  assert.equal(words('* 10 * * *'), 'Every minute, between 10:00 and 10:59');
  assert.equal(words('0 */2 * * *'), 'At minute 0, every 2 hours');
  assert.equal(words('0 9-17 * * MON-FRI'), 'Every hour from 09:00 through 17:00, Monday through Friday');
  assert.equal(words('0 0 1,15 * *'), 'At 00:00, on days 1 and 15 of the month');
  assert.equal(words('0 0 1 * MON'), 'At 00:00, on day 1 of the month or on Monday');
  assert.equal(words('0 0 * JAN,JUL *'), 'At 00:00, every day in January and July');
  assert.equal(words('0 0 1 */3 *'), 'At 00:00, on day 1 of the month, every 3 months');
  assert.equal(words('5 4 * * SUN'), 'At 04:05, only on Sunday');
  assert.equal(words('0,30 3 * * *'), 'At 03:00 and 03:30, every day');
  assert.equal(words('@daily'), 'At 00:00, every day');
  assert.equal(words('@hourly'), 'Every hour, on the hour');
  assert.equal(words('@every 1h30m'), 'Every 1h30m, counted from when the scheduler starts (not aligned to the clock)');
});

test('day-of-week numbers are read per target: 1-5 is MON-FRI on v3 and SUN-THU on v2', () => {
  assert.equal(words('0 3 * * 1-5', 'v3'), 'At 03:00, Monday through Friday');
  assert.equal(words('0 3 ? * 1-5', 'v2'), 'At 03:00, Sunday through Thursday');
  assert.equal(words('0 3 ? * 2-6', 'v2'), 'At 03:00, Monday through Friday');
});

test('v2 extras in words: last day, nth weekday, years', () => {
  assert.equal(words('0 0 L * ?', 'v2'), 'At 00:00, on the last day of the month');
  assert.equal(words('0 12 ? * 2#1', 'v2'), 'At 12:00, on the first Monday of the month');
  assert.equal(words('0 12 ? * 6L', 'v2'), 'At 12:00, on the last Friday of the month');
  assert.equal(words('0 12 1 1 ? 2030', 'v2'), 'At 12:00, on day 1 of the month in January, in 2030');
});

test('an invalid schedule has no words', () => {
  assert.equal(words('0 3 * * *', 'v2'), undefined);
  assert.equal(words('0 0 L * *', 'v3'), undefined);
});

test('next runs are computed in UTC strictly after now', () => {
  assert.deepEqual(runs('0 3 * * *'), ['2025-01-16T03:00', '2025-01-17T03:00', '2025-01-18T03:00']);
  assert.deepEqual(runs('*/15 * * * *'), ['2025-01-15T10:30', '2025-01-15T10:45', '2025-01-15T11:00']);
  assert.deepEqual(runs('30 6 ? * MON-FRI *'), ['2025-01-16T06:30', '2025-01-17T06:30', '2025-01-20T06:30']);
  assert.deepEqual(runs('20 10 * * *', 'v3', new Date('2025-01-15T10:20:00Z')), ['2025-01-16T10:20', '2025-01-17T10:20', '2025-01-18T10:20'], 'not the current minute');
  // robfig: both day fields restricted -> either matches.
  assert.deepEqual(runs('0 0 1 * MON'), ['2025-01-20T00:00', '2025-01-27T00:00', '2025-02-01T00:00']);
  assert.deepEqual(runs('0 0 29 2 *'), ['2028-02-29T00:00', '2032-02-29T00:00', '2036-02-29T00:00']);
  assert.deepEqual(runs('0 0 L * ?', 'v2'), ['2025-01-31T00:00', '2025-02-28T00:00', '2025-03-31T00:00']);
  assert.deepEqual(runs('0 12 ? * 2#1', 'v2'), ['2025-02-03T12:00', '2025-03-03T12:00', '2025-04-07T12:00']);
  assert.deepEqual(runs('0 0 LW * ?', 'v2'), ['2025-01-31T00:00', '2025-02-28T00:00', '2025-03-31T00:00']);
  assert.deepEqual(runs('0 0 15W * ?', 'v2'), ['2025-02-14T00:00', '2025-03-14T00:00', '2025-04-15T00:00'], '15 Feb 2025 is a Saturday, 15 Mar a Saturday');
  assert.deepEqual(runs('0 0 30 2 *'), []);
  assert.equal(formatRun(new Date('2025-01-16T03:00:00Z')), '2025-01-16 03:00 UTC (Thu)');
});

test('hover: words, next runs and what each rack generation does', () => {
  const v3 = scheduleHover('0 3 * * *', 'v3', NOW);
  assert.match(v3, /^\*\*Schedule `0 3 \* \* \*`\*\*: At 03:00, every day \(UTC\)\./);
  assert.match(v3, /Next runs: 2025-01-16 03:00 UTC \(Thu\), 2025-01-17 03:00 UTC \(Fri\), 2025-01-18 03:00 UTC \(Sat\)\./);
  assert.match(v3, /On v2 racks this schedule fails: EventBridge \(v2\) needs \? .*`0 3 \* \* \?`/);

  const portable = scheduleHover('30 6 ? * MON-FRI *', 'v3', NOW);
  assert.match(portable, /the CronJob runs `30 6 \* \* MON-FRI`/);
  assert.match(portable, /Works the same on v2 racks\./);

  const v2 = scheduleHover('0 4 * * ?', 'v2', NOW);
  assert.match(v2, /EventBridge rule `cron\(0 4 \* \* \? \*\)`/);

  const numbers = scheduleHover('0 3 * * 1-5', 'v3', NOW);
  assert.match(numbers, /Here they mean `MON-FRI`/);
  assert.match(numbers, /On v2 racks this schedule fails/);

  const differs = scheduleHover('0 3 ? * 2-6', 'v2', NOW);
  assert.match(differs, /On v3 racks it means: At 03:00, Tuesday through Saturday\./);

  assert.match(scheduleHover('0 3 * * *', 'v2', NOW), /not valid on v2 racks: EventBridge/);
  assert.match(scheduleHover('0 0 30 2 *', 'v3', NOW), /never runs/);
});
