import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManifestDocument } from '../../../server/src/service/document';
import { validateManifest } from '../../../server/src/service/diagnostics/validate';
import { codeActions } from '../../../server/src/service/fixes/codeActions';
import { normalizeSettings, Target } from '../../../server/src/service/settings';
import { applyWorkspaceEdit } from '../../helpers/edits';
import { corpus, lines, lint, withCode } from '../checks/lint';

const CODES = ['interpolation-default', 'unbraced-variable', 'interpolation-in-key', 'undeclared-variable', 'env-collision'];
const mine = (text: string, target: Target = 'v3') => lint(text, target).filter((f) => CODES.includes(f.code));
const web = (...body: string[]) => lines('services:', '  web:', '    build: .', ...body.map((l) => `    ${l}`));

function fix(text: string, code: string, title: string, target: Target = 'v3'): string {
  const uri = 'file:///w/convox.yml';
  const document = new ManifestDocument(uri, 1, text);
  const settings = normalizeSettings({ target });
  const diagnostic = validateManifest(document, settings).find((d) => d.code === code);
  assert.ok(diagnostic, `${code} in ${text}`);
  const actions = codeActions(document, diagnostic.range, [diagnostic], settings);
  const action = actions.find((a) => a.title === title);
  assert.ok(action, `no "${title}" among ${actions.map((a) => a.title).join(' | ')}`);
  return applyWorkspaceEdit(text, uri, 1, action.edit!);
}

test('interpolation-default: ${VAR:-x}, ${VAR-x} and ${VAR:=x} anywhere in the file', () => {
  const found = withCode(lint(web('domain: ${HOST:-example.com}', 'image: repo/app:${TAG-latest}', 'labels:', '  team: "${TEAM:=core}"')), 'interpolation-default');
  assert.deepEqual(found.map((f) => f.text), ['${HOST:-example.com}', '${TAG-latest}', '${TEAM:=core}']);
  assert.equal(found[0].severity, 2);
  assert.match(found[0].message, /^"\$\{HOST:-example\.com\}" is not a default: Convox has no shell-style :- syntax and looks up a variable literally named "HOST:-example\.com", which is never set, so this becomes an empty string\. Write \$\{HOST\}/);
});

test('interpolation-default: not in comments, and plain ${VAR} is not one', () => {
  assert.deepEqual(withCode(lint(web('# domain: ${HOST:-example.com}', 'domain: ${HOST}')), 'interpolation-default'), []);
});

test('interpolation-default: fixes "Use ${VAR}" and, for the variable\'s own entry, "VAR=default"', () => {
  assert.equal(fix(web('domain: ${HOST:-example.com}'), 'interpolation-default', 'Use ${HOST}'), web('domain: ${HOST}'));
  const own = web('environment:', '  - RAILS_ENV=${RAILS_ENV:-production}');
  assert.equal(fix(own, 'interpolation-default', 'Change to "RAILS_ENV=production"'), web('environment:', '  - RAILS_ENV=production'));
  assert.equal(fix(own, 'interpolation-default', 'Use ${RAILS_ENV}'), web('environment:', '  - RAILS_ENV=${RAILS_ENV}'));
  const [other] = withCode(lint(web('environment:', '  - NODE_ENV=${STAGE:-production}')), 'interpolation-default');
  assert.match(other.message, /Write \$\{STAGE\} and set STAGE/, 'another variable\'s default cannot move into the environment list');
});

test('unbraced-variable: $VAR in domains, images, env defaults, options, labels and annotations', () => {
  const text = lines(
    'resources:',
    '  db:',
    '    type: postgres',
    '    options:',
    '      storage: $DB_STORAGE',
    'services:',
    '  web:',
    '    build: .',
    '    domain: $HOST',
    '    image: repo/app:$TAG',
    '    environment:',
    '      - URL=https://$HOST/x',
    '      - LITERAL=$$HOME',
    '    labels:',
    '      owner: $TEAM',
    '    annotations:',
    '      - a.b/c=$ROLE',
    '      - nginx.ingress.kubernetes.io/configuration-snippet: "return 301 https://$host$request_uri;"',
    '    command: sh -c "echo $HOME"',
    '    imagePullSecrets:',
    '      - registry: nvcr.io',
    '        username: $oauthtoken',
    '        passwordEnv: NGC_KEY',
  );
  const found = withCode(lint(text), 'unbraced-variable');
  assert.deepEqual(found.map((f) => f.text), ['$DB_STORAGE', '$HOST', '$TAG', '$HOST', '$TEAM', '$ROLE']);
  assert.equal(found[0].severity, 3);
  assert.match(found[0].message, /^"\$DB_STORAGE" is not interpolated: Convox only substitutes \$\{DB_STORAGE\} \(with braces\), so "\$DB_STORAGE" stays in the resource option as written\./);
  assert.match(found[3].message, /nothing runs it through a shell/);
  assert.equal(fix(web('domain: $HOST'), 'unbraced-variable', 'Use ${HOST}'), web('domain: ${HOST}'));
});

test('interpolation-in-key: ${VAR} in a key', () => {
  const [finding] = withCode(lint(web('labels:', '  ${TEAM}-owner: payments')), 'interpolation-in-key');
  assert.equal(finding.text, '${TEAM}');
  assert.equal(finding.severity, 2);
  assert.match(finding.message, /in a key: Convox substitutes it before reading the file/);
  assert.deepEqual(withCode(lint(web('labels:', '  owner: ${TEAM}')), 'interpolation-in-key'), []);
});

test('undeclared-variable: ${VAR} no environment list declares', () => {
  const [finding] = withCode(lint(web('domain: ${HOST}')), 'undeclared-variable');
  assert.equal(finding.text, '${HOST}');
  assert.equal(finding.severity, 3);
  assert.match(finding.message, /^\$\{HOST\} is not declared in any environment list: .* silently makes it an empty string .* "required env: HOST"/);
  assert.deepEqual(withCode(lint(lines('environment:', '  - HOST', ...web('domain: ${HOST}').trimEnd().split('\n'))), 'undeclared-variable'), []);
  assert.deepEqual(withCode(lint(web('domain: ${HOST}', 'environment:', '  - HOST')), 'undeclared-variable'), [], 'a service declaration counts');
  const [withDefault] = withCode(lint(web('domain: ${HOST}', 'environment:', '  - HOST=example.com')), 'undeclared-variable');
  assert.match(withDefault.message, /the default in "HOST=\.\.\." does not apply here/);
  const [system] = withCode(lint(web('image: repo/${APP}')), 'undeclared-variable');
  assert.match(system.message, /^\$\{APP\} is empty here: Convox sets APP inside containers/);
  assert.equal(system.data, undefined, 'no "declare" fix for system variables');
});

test('undeclared-variable: "Declare VAR in environment" adds to, or creates, the top-level list', () => {
  assert.equal(fix(web('domain: ${HOST}'), 'undeclared-variable', 'Declare HOST in environment'), lines('environment:', '  - HOST', ...web('domain: ${HOST}').trimEnd().split('\n')));
  const existing = lines('environment:', '  - A # first', '  - B=2 # comment', '# trailing', 'services:', '  web:', '    domain: ${HOST}');
  assert.equal(fix(existing, 'undeclared-variable', 'Declare HOST in environment'), lines('environment:', '  - A # first', '  - B=2 # comment', '  - HOST', '# trailing', 'services:', '  web:', '    domain: ${HOST}'));
  const flow = lines('environment: [A, B]', 'services:', '  web:', '    domain: ${HOST}');
  assert.equal(fix(flow, 'undeclared-variable', 'Declare HOST in environment'), lines('environment: [A, B, HOST]', 'services:', '  web:', '    domain: ${HOST}'));
  const empty = lines('environment:', 'services:', '  web:', '    domain: ${HOST}');
  assert.equal(fix(empty, 'undeclared-variable', 'Declare HOST in environment'), lines('environment:', '  - HOST', 'services:', '  web:', '    domain: ${HOST}'));
  const crlf = 'environment:\r\n  - A\r\nservices:\r\n  web:\r\n    domain: ${HOST}\r\n';
  assert.equal(fix(crlf, 'undeclared-variable', 'Declare HOST in environment'), 'environment:\r\n  - A\r\n  - HOST\r\nservices:\r\n  web:\r\n    domain: ${HOST}\r\n');
});

const linked = (...env: string[]) => lines('resources:', '  database:', '    type: postgres', '  my-db:', '    type: postgres', 'services:', '  web:', '    build: .', '    resources:', '      - database', '      - my-db:CUSTOM_DATABASE', '    environment:', ...env.map((e) => `      - ${e}`));

test('env-collision: a default the resource value always beats (v3)', () => {
  const [finding] = withCode(lint(linked('DATABASE_HOST=localhost')), 'env-collision');
  assert.equal(finding.text, 'DATABASE_HOST');
  assert.equal(finding.severity, 2);
  assert.match(finding.message, /^DATABASE_HOST=localhost is never used: the linked resource database \(service web\) injects DATABASE_HOST, and Kubernetes gives the resource's value precedence/);
  assert.deepEqual(finding.related, ['database']);
  const [url] = withCode(lint(linked('DATABASE_URL=postgres://x')), 'env-collision');
  assert.match(url.message, /convox env set DATABASE_URL=\.\.\.`: Convox then does not start the resource/);
});

test('env-collision: a required <NAME>_URL masks the resource (v3); other required names are overridden', () => {
  const [mask] = withCode(lint(linked('DATABASE_URL')), 'env-collision');
  assert.match(mask.message, /^DATABASE_URL is required here, .* replaces the linked resource database \(service web\): Convox does not start the resource, and DATABASE_USER, _PASS, _HOST, _PORT and _NAME become empty/);
  const [alias] = withCode(lint(linked('CUSTOM_DATABASE')), 'env-collision');
  assert.match(alias.message, /^CUSTOM_DATABASE is required here, but the linked resource my-db .* the value from `convox env set` is ignored \(only MY_DB_URL in the app environment replaces the resource\)/);
});

test('env-collision: top-level declarations, v2 wording, and no finding without a link', () => {
  const top = lines('environment:', '  - REDIS_URL=redis://localhost', 'resources:', '  redis:', '    type: redis', 'services:', '  web:', '    resources: [redis]', '  worker:', '    resources: [redis]');
  const [finding] = withCode(lint(top), 'env-collision');
  assert.match(finding.message, /\(service web, worker\)/);
  const [v2] = withCode(lint(linked('DATABASE_URL'), 'v2'), 'env-collision');
  assert.match(v2.message, /^DATABASE_URL is required here, so it must be set with `convox env set`, and at start-up that value replaces/);
  assert.deepEqual(withCode(lint(linked('CUSTOM_DATABASE'), 'v2'), 'env-collision'), [], 'v2 has no resource:ENV aliases');
  assert.deepEqual(withCode(lint(web('environment:', '  - DATABASE_URL')), 'env-collision'), []);
  assert.deepEqual(withCode(lint(linked('OTHER=1', '"*"')), 'env-collision'), []);
});

test('corpus: which files get which findings', () => {
  const summary = (file: string, target: Target) => mine(corpus(file), target).map((f) => `${f.code} ${f.text}`);
  // gen2 (v2): ${STAGE}, ${AWS_REGION}, ${AWS_ACCOUNT_ID}, ${VECTORIZER_DOMAIN} are declared; two domains are not.
  assert.deepEqual(summary('convox/frsechet__convox-overwrite-env-var__convox.yml', 'v2'), ['undeclared-variable ${API_DOMAIN}', 'undeclared-variable ${WEBSOCKETS_DOMAIN}']);
  assert.deepEqual(summary('convox/copotrzebne-pl__copotrzebne-api__convox.yml', 'v3'), [
    'undeclared-variable ${DB_INSTANCE_TYPE}',
    'undeclared-variable ${DB_STORAGE}',
    'undeclared-variable ${DB_ENCRYPTED}',
    'undeclared-variable ${DB_MULTI_AZ}',
    'undeclared-variable ${DOMAIN}',
  ]);
  assert.deepEqual(summary('convox/convox__convox__pkg__manifest__testdata__env.yml', 'v3'), [
    'undeclared-variable ${STAGE}',
    'undeclared-variable ${AWS_ACCOUNT_ID}',
    'undeclared-variable ${AWS_REGION}',
    'undeclared-variable ${AWS_REGION}',
  ]);
  // Annotations as single-key maps with ${VAR}: values, not keys, so only the undeclared information.
  assert.deepEqual(summary('convox/DocSpring__rack-gateway__convox.yml', 'v3'), [
    'undeclared-variable ${LOG_RETENTION_DAYS}',
    'undeclared-variable ${IAM_ROLE_ARN}',
    'undeclared-variable ${ADMIN_DATABASE_URL}',
  ]);
  assert.deepEqual(summary('convox/convox__convox__examples__httpd__convox.yml', 'v3'), []);
  assert.deepEqual(summary('convox/convox__costbot__convox.yml', 'v2'), []);
});
