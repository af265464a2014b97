import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lines, lint, withCode } from '../checks/lint';

const text = lines('services:', '  web:', '    build: .', '    release: bundle exec rails db:migrate');

test('release-key: Heroku release phase written as a service key, instead of unknown-key', () => {
  const found = lint(text);
  const [release] = withCode(found, 'release-key');
  assert.equal(release.text, 'release');
  assert.match(release.message, /Heroku's release phase, not a Convox key: Convox ignores it, so this command never runs\. Use `initContainer: \{command: …\}`/);
  assert.match(release.message, /runs before every pod of the service starts/);
  assert.deepEqual(withCode(found, 'unknown-key'), []);
});

test('release-key: v2 has no init containers', () => {
  const [release] = withCode(lint(text, 'v2'), 'release-key');
  assert.match(release.message, /v2 racks have no init containers: run it after each deploy with `convox run web <command>`/);
});

test('release-key: turned off, the generic unknown-key finding comes back', async () => {
  const { ManifestDocument } = await import('../../../server/src/service/document');
  const { validateManifest } = await import('../../../server/src/service/diagnostics/validate');
  const { normalizeSettings } = await import('../../../server/src/service/settings');
  const codes = validateManifest(new ManifestDocument('file:///w/convox.yml', 1, text), normalizeSettings({ rules: { 'release-key': 'off' } })).map((d) => d.code);
  assert.deepEqual(codes, ['unknown-key']);
});

test('release-key: `release` elsewhere (a resource, a timer) is not this rule', () => {
  assert.deepEqual(withCode(lint(lines('timers:', '  t:', '    schedule: "0 * * * ?"', '    service: web', '    release: x', 'services:', '  web:', '    image: x')), 'release-key'), []);
});
