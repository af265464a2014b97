import assert from 'node:assert/strict';
import { test } from 'node:test';
import { invalidCorpus, lines, lint, withCode } from './lint';

const VALIDATE = 'convox__convox__pkg__manifest__testdata__validate.yml';

test('deployment: the four out-of-range percentages of Convox validate.yml, underlining each value', () => {
  const found = withCode(lint(invalidCorpus(VALIDATE)), 'invalid-deployment');
  assert.deepEqual(
    found.map((f) => [f.text, f.message.split('.')[0]]),
    [
      ['-1', 'service deployment-invalid-low deployment minimum can not be less than 0'],
      ['99', 'service deployment-invalid-low deployment maximum can not be less than 100'],
      ['101', 'service deployment-invalid-high deployment minimum can not be greater than 100'],
      ['201', 'service deployment-invalid-high deployment maximum can not be greater than 200'],
    ],
  );
  assert.match(found[0].message, /Use a percentage between 0 and 100/);
});

test('deployment: values at the bounds, defaults and v2 racks are not flagged', () => {
  const text = lines('services:', '  a:', '    deployment: {minimum: 0, maximum: 200}', '  b:', '    deployment:', '      minimum: 100', '      maximum: 100', '  c:', '    build: .');
  assert.deepEqual(withCode(lint(text), 'invalid-deployment'), []);
  assert.deepEqual(withCode(lint(invalidCorpus(VALIDATE), 'v2'), 'invalid-deployment'), []);
});

test('deployment: a value reached through an alias is reported at the alias; ${VAR} is skipped', () => {
  const text = lines('x-deploy: &deploy', '  minimum: -5', 'services:', '  web:', '    deployment: *deploy', '  api:', '    deployment:', '      maximum: ${MAX}');
  const found = withCode(lint(text), 'invalid-deployment');
  assert.equal(found.length, 1);
  assert.equal(found[0].text, '*deploy');
  assert.match(found[0].message, /^service web deployment minimum can not be less than 0/);
});
