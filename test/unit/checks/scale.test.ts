import assert from 'node:assert/strict';
import { test } from 'node:test';
import { at, invalidCorpus, lines, lint, withCode } from './lint';

const scaleOf = (...body: string[]) => lines('services:', '  svc:', '    build: .', '    scale:', ...body.map((l) => `      ${l}`));
const file = (name: string) => invalidCorpus(`convox__convox__pkg__manifest__autoscale_test.go__${name}.yml`);

test('invalid-scale: min 0 with only a cpu trigger can never scale to zero (corpus)', () => {
  const [finding] = withCode(lint(file('TestValidateScaleMinZeroCpuOnly')), 'invalid-scale');
  assert.equal(finding.text, '0');
  assert.match(finding.message, /^service svc: scale\.min: 0 combined with only always-active autoscale triggers \(cpu\/memory\/cron\) will never scale to zero; /);
  assert.match(finding.message, /or raise scale\.min to 1\.$/);
});

test('invalid-scale: max below min (corpus)', () => {
  const found = withCode(lint(file('max-less-than-min')), 'invalid-scale');
  assert.deepEqual(
    found.map((f) => [f.text, f.message]),
    [['3', 'service svc: scale.max must be >= scale.min. Raise scale.max to at least 5 or lower scale.min.']],
  );
});

test('invalid-scale: gpuUtilization without a GPU (corpus), underlining the trigger key', () => {
  const [finding] = withCode(lint(file('gpu-util-requires-gpu-count')), 'invalid-scale');
  assert.equal(finding.text, 'gpuUtilization');
  assert.match(finding.message, /^service svc: scale\.autoscale\.gpuUtilization requires scale\.gpu\.count >= 1\. /);
  assert.deepEqual(withCode(lint(scaleOf('min: 0', 'max: 5', 'gpu: 1', 'autoscale:', '  gpuUtilization:', '    threshold: 70')), 'invalid-scale'), []);
});

test('invalid-scale: rules the schema also states are reported once (corpus threshold, metric, URL, reserved name)', () => {
  const cases: [string, string][] = [
    ['cpu-threshold-above-100', '150'],
    ['queue-threshold-zero', '0'],
    ['invalid-metric-name', '"1-bad-name"'],
    ['invalid-prometheus-url', '"://bad"'],
    ['TestValidateReservedTriggerName', 'convox-my-cron'],
  ];
  for (const [name, text] of cases) {
    const found = at(lint(file(name)), text).filter((f) => f.severity === 1);
    assert.equal(found.length, 1, `${name}: ${JSON.stringify(found)}`);
    assert.ok(['invalid-value', 'invalid-scale'].includes(found[0].code));
  }
  // The reserved-name file also keeps min 0 with only a cron trigger.
  assert.match(withCode(lint(file('TestValidateReservedTriggerName')), 'invalid-scale')[0].message, /scale\.min: 0 combined/);
});

test('invalid-scale: prometheusUrl problems only Go url.Parse finds', () => {
  const [finding] = withCode(lint(scaleOf('min: 1', 'max: 5', 'autoscale:', '  queueDepth:', '    threshold: 3', '    prometheusUrl: http://prom:abc')), 'invalid-scale');
  assert.equal(finding.text, 'http://prom:abc');
  assert.match(finding.message, /^service svc: scale\.autoscale\.queueDepth\.prometheusUrl is not a valid URL: parse "http:\/\/prom:abc": invalid port ":abc" after host\. /);
});

test('invalid-scale: autoscale needs max above min', () => {
  const [finding] = withCode(lint(scaleOf('min: 2', 'max: 2', 'autoscale:', '  queueDepth: {threshold: 5}')), 'invalid-scale');
  assert.equal(finding.text, '2');
  assert.equal(finding.line, 5);
  assert.match(finding.message, /^service svc: scale\.max must be > scale\.min when autoscale is enabled \(ScaledObject would be a no-op\)\. /);
});

test('invalid-scale: effective count follows Convox precedence', () => {
  assert.equal(withCode(lint(scaleOf('count: 5-3')), 'invalid-scale')[0].text, '5-3');
  assert.deepEqual(withCode(lint(scaleOf('count: 1-5', 'min: 3')), 'invalid-scale'), []); // min alone pins max to it
  const [onlyMax] = withCode(lint(scaleOf('count: 2-4', 'max: 1')), 'invalid-scale');
  assert.equal(onlyMax.text, '1');
  assert.deepEqual(withCode(lint(scaleOf('max: 3')), 'invalid-scale'), []); // min follows max when count.min is 0
  assert.deepEqual(withCode(lint(lines('services:', '  web:', '    scale: 1-3')), 'invalid-scale'), []);
});

test('invalid-scale: autoscale without count or min leaves min 0', () => {
  const [finding] = withCode(lint(scaleOf('autoscale:', '  cpu:', '    threshold: 70')), 'invalid-scale');
  assert.equal(finding.text, 'autoscale');
  assert.match(finding.message, /\(scale\.min is 0 because autoscale is set without count or min\)$/);
});

test('invalid-scale: agents with autoscale only get Convox warning, no errors', () => {
  const text = lines('services:', '  svc:', '    agent: true', '    scale:', '      min: 5', '      max: 3', '      autoscale:', '        cpu: {threshold: 70}');
  assert.deepEqual(withCode(lint(text), 'invalid-scale'), []);
});

test('invalid-scale: limits below requests', () => {
  const found = withCode(lint(scaleOf('cpu: 512', 'memory: 1024', 'limit:', '  cpu: 256', '  memory: 2048')), 'invalid-scale');
  assert.deepEqual(found.map((f) => f.text), ['256']);
  assert.match(found[0].message, /^cpu limit can not be less cpu request \(service svc: scale\.limit\.cpu 256 < scale\.cpu 512\)\. /);
  const [memory] = withCode(lint(scaleOf('memory: 1024', 'limit: {memory: 600}')), 'invalid-scale');
  assert.match(memory.message, /^memory limit can not be less memory request/);
  assert.equal(memory.text, '600');
  // The request defaults to the limit when only the limit is set.
  assert.deepEqual(withCode(lint(scaleOf('limit:', '  cpu: 100', '  memory: 128')), 'invalid-scale'), []);
});

test('invalid-scale: valid autoscale setups and v2 racks are not flagged', () => {
  const valid = [
    scaleOf('min: 0', 'max: 5', 'autoscale:', '  queueDepth:', '    threshold: 3', '    prometheusUrl: https://prom.monitoring:9090/api'),
    scaleOf('min: 1', 'max: 10', 'autoscale:', '  cpu: {threshold: 70}', '  memory: {threshold: 80}'),
    scaleOf('min: 0', 'max: 3', 'autoscale:', '  custom:', '    - type: prometheus', '      name: requests', '      metadata: {threshold: "5"}'),
    scaleOf('count: 2', 'cpu: 256', 'memory: 512'),
  ];
  for (const text of valid) assert.deepEqual(withCode(lint(text), 'invalid-scale'), [], text);
  assert.deepEqual(withCode(lint(file('max-less-than-min'), 'v2'), 'invalid-scale'), []);
});
