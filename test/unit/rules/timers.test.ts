import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManifestDocument } from '../../../server/src/service/document';
import { validateManifest } from '../../../server/src/service/diagnostics/validate';
import { inlayHints } from '../../../server/src/service/features/inlayHints';
import { hover } from '../../../server/src/service/features/hover';
import { codeActions } from '../../../server/src/service/fixes/codeActions';
import { normalizeSettings, Target } from '../../../server/src/service/settings';
import { corpus, lines, lint, withCode } from '../checks/lint';

const CODES = ['invalid-schedule', 'schedule-sixth-field', 'schedule-day-of-week'];
const timer = (schedule: string, ...extra: string[]) => lines('services:', '  web:', '    build: .', 'timers:', '  nightly:', `    schedule: ${schedule}`, '    service: web', ...extra);
const mine = (text: string, target: Target = 'v3') => lint(text, target).filter((f) => CODES.includes(f.code));

test('invalid-schedule: 0 3 * * * is an error on v2 (EventBridge needs ?), nothing on v3', () => {
  const [finding] = mine(timer('"0 3 * * *"'), 'v2');
  assert.equal(finding.code, 'invalid-schedule');
  assert.equal(finding.severity, 1);
  assert.equal(finding.text, '* * *');
  assert.match(finding.message, /^timer nightly: EventBridge \(v2\) needs \? in day-of-month or day-of-week/);
  assert.deepEqual(mine(timer('"0 3 * * *"'), 'v3'), []);
});

test('invalid-schedule: the portable 0 3 * * ? is fine on both targets', () => {
  assert.deepEqual(mine(timer('"0 3 * * ?"'), 'v2'), []);
  assert.deepEqual(mine(timer('"0 3 * * ?"'), 'v3'), []);
});

test('invalid-schedule: ranges, names and AWS syntax are underlined where they are written', () => {
  const [range] = mine(timer('"0 24 * * *"'));
  assert.equal(range.text, '24');
  assert.match(range.message, /^timer nightly: hour 24 is out of range: Kubernetes accepts 0-23\./);
  const [seven] = mine(timer('"0 3 * * 7"'));
  assert.equal(seven.text, '7');
  assert.match(seven.message, /Kubernetes \(v3\) numbers days 0-6 with SUN=0/);
  const [last] = mine(timer('0 0 L * ?'));
  assert.equal(last.text, 'L');
  assert.deepEqual(mine(timer('0 0 L * ?'), 'v2'), []);
});

test('invalid-schedule: a ? inside a field gives Convox\'s own v3 message', () => {
  const [finding] = mine(timer("'1? 3 * * *'"));
  assert.equal(finding.text, '1?');
  assert.match(finding.message, /^timer nightly invalid, schedule cannot contain \?: /);
});

test('invalid-schedule: macros work on v3 and are errors on v2', () => {
  assert.deepEqual(mine(timer('"@daily"')), []);
  const [finding] = mine(timer('"@daily"'), 'v2');
  assert.equal(finding.text, '@daily');
  assert.match(finding.message, /^timer nightly: invalid schedule expression: @daily\./);
  assert.deepEqual((finding.data as { replacement: string }).replacement, '0 0 * * ?');
});

test('invalid-schedule: a schedule on a day that never comes is a warning', () => {
  const [finding] = mine(timer('"0 0 30 2 *"'));
  assert.equal(finding.severity, 2);
  assert.equal(finding.text, '30');
  assert.match(finding.message, /never runs/);
});

test('invalid-schedule: the field count is left to the schema (one finding)', () => {
  const found = lint(timer('"0 3 * *"')).filter((f) => f.text === '"0 3 * *"' || f.code === 'invalid-schedule');
  assert.equal(found.length, 1);
  assert.equal(found[0].code, 'invalid-value');
});

test('invalid-schedule: ${VAR} schedules and aliases', () => {
  assert.deepEqual(mine(timer('${SCHEDULE}'), 'v2'), []);
  const aliased = lines('x-cron: &cron "0 3 * * *"', 'services:', '  web:', '    build: .', 'timers:', '  nightly:', '    schedule: *cron', '    service: web');
  const [finding] = mine(aliased, 'v2');
  assert.equal(finding.text, '*cron', 'reported where the alias is used');
});

test('schedule-sixth-field: v3 drops the 6th field; a * year is information, a real year a warning', () => {
  const [any] = mine(timer('"30 6 ? * MON-FRI *"'));
  assert.equal(any.code, 'schedule-sixth-field');
  assert.equal(any.severity, 3);
  assert.equal(any.text, '*');
  assert.match(any.message, /drops "\*" \(the AWS year field\) and runs `30 6 \* \* MON-FRI`/);
  const [year] = mine(timer('"30 6 ? * MON-FRI 2025"'));
  assert.equal(year.severity, 2);
  assert.equal(year.text, '2025');
  assert.match(year.message, /the year restriction is lost/);
  assert.deepEqual(mine(timer('"30 6 ? * MON-FRI 2025"'), 'v2'), []);
});

test('schedule-day-of-week: numbers 1-6 mean different days on v2 and v3', () => {
  const [v3] = mine(timer('"0 3 * * 1-5"'));
  assert.equal(v3.code, 'schedule-day-of-week');
  assert.equal(v3.text, '1-5');
  assert.match(v3.message, /^timer nightly: day-of-week "1-5" means MON-FRI on v3 racks \(Kubernetes counts 0-6 from SUN=0\), but SUN-THU on v2 racks/);
  const [v2] = mine(timer('"0 3 ? * 2-6"'), 'v2');
  assert.match(v2.message, /means MON-FRI on v2 racks .* but TUE-SAT on v3 racks/);
  const [zero] = mine(timer('"0 3 * * 0,3"'));
  assert.match(zero.message, /means SUN,WED on v3 racks .* and is not valid on v2 racks/);
  assert.deepEqual(mine(timer('"0 3 * * 0"')), [], 'SUN=0 alone is not ambiguous (and invalid on v2)');
  assert.deepEqual(mine(timer('"0 3 * * MON-FRI"')), []);
  assert.deepEqual(mine(timer('"0 3 * * */2"')), [], 'a step is not a day');
});

test('quick fixes: ? for v2, day names, no sixth field, FORBID -> Forbid', () => {
  const apply = (text: string, target: Target, code: string, title: string) => {
    const document = new ManifestDocument('file:///w/convox.yml', 1, text);
    const settings = normalizeSettings({ target });
    const diagnostic = validateManifest(document, settings).find((d) => d.code === code);
    assert.ok(diagnostic, `${code} in ${text}`);
    const action = codeActions(document, diagnostic.range, [diagnostic], settings).find((a) => a.title === title);
    assert.ok(action, title);
    const change = action.edit!.documentChanges![0] as { edits: { newText: string }[] };
    return change.edits.map((edit) => edit.newText);
  };
  assert.deepEqual(apply(timer('"0 3 * * *"'), 'v2', 'invalid-schedule', 'Use ? for day-of-week'), ['?']);
  assert.deepEqual(apply(timer('"0 3 * * MON"'), 'v2', 'invalid-schedule', 'Use ? for day-of-month'), ['?']);
  assert.deepEqual(apply(timer('"0 3 * * 1-5"'), 'v3', 'schedule-day-of-week', 'Use day names (MON-FRI)'), ['MON-FRI']);
  assert.deepEqual(apply(timer('"0 3 ? * 2-6"'), 'v2', 'schedule-day-of-week', 'Use day names (MON-FRI)'), ['MON-FRI']);
  assert.deepEqual(apply(timer('"@weekly"'), 'v2', 'invalid-schedule', 'Change to "0 0 ? * SUN"'), ['0 0 ? * SUN']);
  assert.deepEqual(apply(timer('"30 6 ? * MON-FRI *"'), 'v3', 'schedule-sixth-field', 'Remove the sixth field'), ['']);
  assert.deepEqual(apply(timer('"0 3 * * ?"', '    concurrency: FORBID'), 'v3', 'invalid-value', 'Change to Forbid'), ['Forbid']);
});

test('timer-concurrency: the schema reports FORBID once; forbid is fine', () => {
  const found = lint(timer('"0 3 * * ?"', '    concurrency: FORBID')).filter((f) => f.text === 'FORBID');
  assert.equal(found.length, 1);
  assert.equal(found[0].code, 'invalid-value');
  assert.deepEqual(lint(timer('"0 3 * * ?"', '    concurrency: forbid')).filter((f) => f.line === 7), []);
});

test('corpus: frsechet (gen2, v2 target) 6-field cron is valid on v2; on v3 only the dropped * is noted', () => {
  const text = corpus('convox/frsechet__convox-overwrite-env-var__convox.yml');
  assert.deepEqual(mine(text, 'v2'), []);
  const v3 = mine(text, 'v3');
  assert.deepEqual(v3.map((f) => [f.code, f.text, f.severity]), [['schedule-sixth-field', '*', 3]]);
});

test('corpus: costbot (v2) unquoted 0 4 * * ? and convox httpd examples (v3) are clean', () => {
  assert.deepEqual(mine(corpus('convox/convox__costbot__convox.yml'), 'v2'), []);
  assert.deepEqual(mine(corpus('convox/convox__costbot__convox.yml'), 'v3'), []);
  assert.deepEqual(mine(corpus('convox/convox__convox__examples__httpd__convox.yml'), 'v3'), []);
  assert.deepEqual(mine(corpus('convox/convox__convox__examples__httpd__convox-export.yml'), 'v3'), []);
  assert.deepEqual(mine(corpus('convox/convox__rack__examples__full-convox-yaml__convox.yml'), 'v2'), []);
  // The v3 examples use `* * * * *`, which EventBridge would reject: true on v2.
  assert.equal(withCode(lint(corpus('convox/convox__convox__examples__httpd__convox.yml'), 'v2'), 'invalid-schedule').length, 3);
});

test('inlay hints: the schedule in words after each valid schedule', () => {
  const text = timer('"0 3 * * ?"');
  const document = new ManifestDocument('file:///w/convox.yml', 1, text);
  const whole = { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } };
  const [hint] = inlayHints(document, whole, normalizeSettings({}));
  assert.equal(hint.label, 'At 03:00, every day');
  assert.deepEqual(hint.position, { line: 5, character: 25 });
  assert.equal(hint.paddingLeft, true);
  assert.deepEqual(inlayHints(new ManifestDocument('file:///w/convox.yml', 1, timer('"0 3 * * *"')), whole, normalizeSettings({ target: 'v2' })), [], 'invalid on v2: no words');
  assert.deepEqual(inlayHints(document, { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } }, normalizeSettings({})), [], 'outside the range');
});

test('hover on a schedule value shows the words, next runs and target notes', () => {
  const document = new ManifestDocument('file:///w/convox.yml', 1, timer('0 4 * * ?'));
  const result = hover(document, { line: 5, character: 16 }, normalizeSettings({ target: 'v2' }));
  const markdown = (result?.contents as { value: string }).value;
  assert.match(markdown, /^\*\*Schedule `0 4 \* \* \?`\*\*: At 04:00, every day \(UTC\)\.\n\nNext runs: \d{4}-\d\d-\d\d 04:00 UTC/);
  assert.match(markdown, /cron\(0 4 \* \* \? \*\)/);
});
