import assert from 'node:assert/strict';
import { test } from 'node:test';
import { at, invalidCorpus, lines, lint, withCode } from './lint';

const rule = (n: string) => invalidCorpus(`convox__convox__pkg__manifest__testdata__auto-shutdown-invalid-rule${n}.yml`);
const app = (...budget: string[]) => lines('services:', '  web:', '    image: example/web', '  worker:', '    image: example/worker', 'budget:', ...budget.map((l) => `  ${l}`));

test('invalid-budget: auto-shutdown without a webhook (corpus rule 1)', () => {
  const found = withCode(lint(rule('1')), 'invalid-budget');
  assert.equal(found.length, 1);
  assert.equal(found[0].text, 'auto-shutdown');
  assert.match(found[0].message, /^budget\.atCapAction "auto-shutdown" requires budget\.atCapWebhookUrl to be set; auto-shutdown silently killing services without notification is rejected by design\. /);
});

test('invalid-budget: auto-shutdown in a timer-only app (corpus rule 10a)', () => {
  const [finding] = withCode(lint(rule('10a')), 'invalid-budget');
  assert.equal(finding.text, 'auto-shutdown');
  assert.match(finding.message, /requires at least one service in the services block; timer-only apps cannot be auto-shut\. Use "block-new-deploys" or remove auto-shutdown\./);
});

test('invalid-budget: schema-level rules (corpus 4, 6, 8) are reported exactly once', () => {
  for (const [n, text, pattern] of [
    ['4', '2000', /notifyBeforeMinutes must be between 5 and 1440; got 2000/],
    ['6', 'garbage', /shutdownGracePeriod must be a Go duration string \(e\.g\. "5m", "30s"\); got "garbage"/],
    ['8', 'scheduled', /recoveryMode/],
  ] as const) {
    const found = at(lint(rule(n)), text);
    assert.equal(found.length, 1, n);
    assert.match(found[0].message, pattern);
  }
});

test('invalid-budget: cap, grace period range and all services exempted', () => {
  const hook = 'atCapWebhookUrl: https://hooks.example.com/b';
  const [cap] = withCode(lint(app('monthlyCapUsd: 0', 'atCapAction: auto-shutdown', hook)), 'invalid-budget');
  assert.equal(cap.text, '0');
  assert.match(cap.message, /^budget\.atCapAction "auto-shutdown" requires budget\.monthlyCapUsd > 0; cannot shut down on cap breach without a cap\./);
  const [noCap] = withCode(lint(app('atCapAction: auto-shutdown', hook)), 'invalid-budget');
  assert.equal(noCap.text, 'auto-shutdown');
  for (const grace of ['2h', '90m', '1h0m1s']) {
    const [finding] = withCode(lint(app('monthlyCapUsd: 10', `shutdownGracePeriod: ${grace}`)), 'invalid-budget');
    assert.equal(finding?.text, grace, grace);
    assert.equal(finding.message, `budget.shutdownGracePeriod must be between 0s and 1h; got ${grace}. Use at most \`1h\`.`);
  }
  const [all] = withCode(lint(app('monthlyCapUsd: 10', 'atCapAction: auto-shutdown', hook, 'neverAutoShutdown: [web, worker, ghost]')), 'invalid-budget');
  assert.equal(all.text, '[web, worker, ghost]');
  assert.match(all.message, /with all services listed in neverAutoShutdown leaves no services eligible/);
});

test('invalid-budget: a complete budget and v2 racks are fine', () => {
  const text = app(
    'monthlyCapUsd: 250',
    'alertThresholdPercent: 80',
    'atCapAction: auto-shutdown',
    'atCapWebhookUrl: https://hooks.example.com/b',
    'neverAutoShutdown: [web]',
    'shutdownOrder: largest-cost',
    'notifyBeforeMinutes: 30',
    'shutdownGracePeriod: 1h',
    'recoveryMode: auto-on-reset',
  );
  assert.deepEqual(lint(text), []);
  assert.deepEqual(withCode(lint(rule('1'), 'v2'), 'invalid-budget'), []);
});
