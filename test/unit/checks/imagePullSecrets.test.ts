import assert from 'node:assert/strict';
import { test } from 'node:test';
import { at, invalidCorpus, lines, lint, withCode } from './lint';

const secrets = (...items: string[]) => lines('services:', '  nim:', '    image: nvcr.io/foo:latest', '    imagePullSecrets:', ...items.map((l) => `      ${l}`));

test('invalid-image-pull-secrets: an upper-case registry (corpus) gets one diagnostic on the value', () => {
  const found = at(lint(invalidCorpus('convox__convox__pkg__manifest__service_test.go__TestManifestValidateImagePullSecretsHookSurfacesErrors.yml')), 'NVCR.IO');
  assert.equal(found.length, 1);
  assert.ok(['invalid-value', 'invalid-image-pull-secrets'].includes(found[0].code));
  assert.match(found[0].message, /^service nim imagePullSecrets(\[0\])?: registry "NVCR\.IO"/);
});

test('invalid-image-pull-secrets: a registry declared twice names the first index', () => {
  const text = secrets('- registry: ghcr.io', '  username: a', '  passwordEnv: GHCR_TOKEN', '- registry: ghcr.io', '  username: b', '  password: p');
  const found = withCode(lint(text), 'invalid-image-pull-secrets');
  assert.equal(found.length, 1);
  assert.equal(found[0].line, 7);
  assert.equal(found[0].text, 'ghcr.io');
  assert.match(found[0].message, /^service nim imagePullSecrets\[1\]: duplicate registry "ghcr\.io" \(also declared at index 0\); each registry may be declared at most once per service\./);
});

test('invalid-image-pull-secrets: password and passwordEnv, neither, blank username', () => {
  const both = withCode(lint(secrets('- registry: nvcr.io', '  username: $oauthtoken', '  password: p', '  passwordEnv: NGC_KEY')), 'invalid-image-pull-secrets');
  assert.deepEqual(both.map((f) => f.text), ['password']);
  assert.match(both[0].message, /^service nim imagePullSecrets\[0\]: use passwordEnv to reference an env var, OR password for a literal value, not both\./);
  const neither = withCode(lint(secrets('- registry: nvcr.io', '  username: u')), 'invalid-image-pull-secrets');
  assert.deepEqual(neither.map((f) => f.text), ['registry']);
  assert.match(neither[0].message, /password or passwordEnv is required\./);
  const blank = withCode(lint(secrets('- registry: nvcr.io', '  username: "  "', '  password: p')), 'invalid-image-pull-secrets');
  assert.deepEqual(blank.map((f) => [f.text, f.message.split('.')[0]]), [['"  "', 'service nim imagePullSecrets[0]: username is required']]);
});

test('invalid-image-pull-secrets: valid entries, ${VAR} passwords and v2 racks are fine', () => {
  const text = secrets('- registry: nvcr.io', '  username: $oauthtoken', '  passwordEnv: NGC_API_KEY', '- registry: registry.example.com:5000', '  username: u', '  password: ${PW}');
  assert.deepEqual(withCode(lint(text), 'invalid-image-pull-secrets'), []);
  assert.deepEqual(withCode(lint(secrets('- registry: ghcr.io', '  username: u'), 'v2'), 'invalid-image-pull-secrets'), []);
});
