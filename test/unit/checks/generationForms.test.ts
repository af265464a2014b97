import assert from 'node:assert/strict';
import { test } from 'node:test';
import { at, corpus, lines, lint, withCode } from './lint';

test('v3-form: an agent map (v2 form) is an error on v3, underlining the map', () => {
  const text = lines('services:', '  agent:', '    image: datadog/agent', '    agent:', '      ports:', '        - 8125/udp');
  const [finding] = withCode(lint(text), 'v3-form');
  assert.ok(finding);
  assert.equal(finding.text.trimEnd(), 'ports:\n        - 8125/udp');
  assert.equal(finding.message, "agent ports are now specified at the service level: write `agent: true` and move the ports to the service's `ports:` list.");
  assert.deepEqual(finding.data, { form: 'agent-map' });
  assert.deepEqual(withCode(lint(text, 'v2'), 'v3-form'), []);
});

test('v3-form: a command list is an error on v3 with a one-string equivalent; v2 accepts it', () => {
  const text = lines('services:', '  web:', '    command: ["sh", "-c", "bundle exec puma -C config/puma.rb"]');
  const [finding] = withCode(lint(text), 'v3-form');
  assert.equal(finding.text, '["sh", "-c", "bundle exec puma -C config/puma.rb"]');
  assert.equal(
    finding.message,
    "cannot unmarshal !!seq into string: on v3 racks command must be one string (it is split like a shell would), e.g. command: sh -c 'bundle exec puma -C config/puma.rb'",
  );
  assert.deepEqual(finding.data, { form: 'command-list', command: "sh -c 'bundle exec puma -C config/puma.rb'" });
  assert.deepEqual(withCode(lint(text, 'v2'), 'v3-form'), []);
});

test('v3-form: string command and boolean agent are fine', () => {
  assert.deepEqual(withCode(lint(lines('services:', '  web:', '    agent: true', '    command: bundle exec puma')), 'v3-form'), []);
});

test('v3-form: an initContainer command list gets exactly one diagnostic', () => {
  const text = lines('services:', '  web:', '    initContainer:', '      command: [migrate, up]');
  assert.equal(at(lint(text), '[migrate, up]').length, 1);
});

test('v3-form: corpus v2-style agent map (convox-examples datadog) is flagged', () => {
  const found = withCode(lint(corpus('convox/convox-examples__datadog__convox.yml')), 'v3-form');
  assert.equal(found.length, 1);
  assert.deepEqual(found[0].data, { form: 'agent-map' });
});
