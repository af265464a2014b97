import assert from 'node:assert/strict';
import { chmodSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { tempWorkspace } from '../../helpers/tempWorkspace';
import { runCli } from '../../fuzz/harness';
import { runCliUnprivileged } from '../../helpers/unprivileged';

// The CLI on bad input: a clear one-line message on stderr, a distinct exit code, never a stack trace.
const STACK_TRACE = /\n\s+at .+(:\d+:\d+\)?|native)/;

async function cli(args: string[], cwd: string) {
  const result = await runCli(args, cwd);
  assert.doesNotMatch(result.stderr, STACK_TRACE, `stack trace for ${args.join(' ')}`);
  assert.doesNotMatch(result.stdout, STACK_TRACE, `stack trace for ${args.join(' ')}`);
  return result;
}

test('invalid flags and arguments exit 2 with the reason first', async (t) => {
  const ws = tempWorkspace({ 'convox.yml': 'services:\n  web:\n    build: .\n' });
  t.after(() => ws.remove());
  const cases: [string[], RegExp][] = [
    [[], /no command given/],
    [['lint'], /lint needs at least one file or folder/],
    [['lint', '--bogus', 'convox.yml'], /Unknown option '--bogus'/],
    [['lint', '--format', 'xml', 'convox.yml'], /unknown format "xml"/],
    [['lint', '--target', 'v9', 'convox.yml'], /unknown target "v9"/],
    [['lint', '--rule', 'unknown-key', 'convox.yml'], /invalid --rule "unknown-key"/],
    [['lint', '--rule', 'unknown-key=loud', 'convox.yml'], /invalid --rule/],
    [['lint', '--format'], /argument missing|requires an argument|'--format <value>'/i],
    [['frobnicate', 'convox.yml'], /unknown command "frobnicate"/],
    [['convert', '--format', 'sarif', 'docker-compose.yml'], /unknown format "sarif" for convert/],
  ];
  for (const [args, message] of cases) {
    const { code, stderr } = await cli(args, ws.root);
    assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
    assert.match(stderr.split('\n')[0], new RegExp(`^convox-yml: .*${message.source}`, 'i'), args.join(' '));
  }
});

test('unreadable paths exit 3, a folder without manifests exits 4', async (t) => {
  const ws = tempWorkspace({ 'empty/README.md': 'no manifests here\n', 'convox.yml': 'services: {}\n' });
  t.after(() => ws.remove());
  const missing = await cli(['lint', 'nope/convox.yml'], ws.root);
  assert.equal(missing.code, 3);
  assert.equal(missing.stderr, 'convox-yml: cannot read nope/convox.yml: no such file or directory\n');
  const root = await cli(['lint', '--root', 'no-such-folder', 'convox.yml'], ws.root);
  assert.equal(root.code, 3);
  assert.match(root.stderr, /^convox-yml: cannot read no-such-folder: --root must be a folder\n$/);
  const empty = await cli(['lint', 'empty'], ws.root);
  assert.equal(empty.code, 4);
  assert.equal(empty.stderr, 'convox-yml: no convox.yml manifests found under empty\n');
  const convertMissing = await cli(['convert', 'docker-compose.yml'], ws.root);
  assert.equal(convertMissing.code, 3);
  assert.match(convertMissing.stderr, /^convox-yml: cannot read docker-compose\.yml: no such file or directory\n$/);
});

test('a file the user may not read exits 3 (as root, checked as nobody)', { skip: process.platform === 'win32' }, async (t) => {
  const ws = tempWorkspace({ 'convox.yml': 'services: {}\n' });
  chmodSync(ws.file('convox.yml'), 0o000);
  t.after(() => ws.remove());
  const { code, stderr } = await runCliUnprivileged(['lint', 'convox.yml'], ws.root, ws.root);
  assert.doesNotMatch(stderr, STACK_TRACE);
  assert.equal(code, 3, stderr);
  assert.match(stderr, /^convox-yml: cannot read convox\.yml: EACCES/);
});

test('paths nobody can read, not even root, exit 3: a link loop, a path through a file', { skip: process.platform === 'win32' }, async (t) => {
  const ws = tempWorkspace({ 'README.md': 'not a folder\n' });
  t.after(() => ws.remove());
  symlinkSync('convox.yml', ws.file('convox.yml'));
  const loop = await cli(['lint', 'convox.yml'], ws.root);
  assert.equal(loop.code, 3, loop.stderr);
  assert.match(loop.stderr, /^convox-yml: cannot read convox\.yml: ELOOP/);
  const throughFile = await cli(['lint', 'README.md/convox.yml'], ws.root);
  assert.equal(throughFile.code, 3, throughFile.stderr);
  assert.match(throughFile.stderr, /^convox-yml: cannot read README\.md\/convox\.yml: /);
});

test('binary files, invalid UTF-8, BOMs, mixed line endings, 10,000-level nesting and 10 MB: findings, not crashes', async (t) => {
  const ws = tempWorkspace({});
  t.after(() => ws.remove());
  const bytes = Buffer.alloc(4096);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 131 + 7) % 256;
  writeFileSync(ws.file('binary-convox.yml'), bytes);
  writeFileSync(ws.file('utf8.yml'), Buffer.concat([Buffer.from('\ufeffservices:\r\n  web:\n    build: .\r    image: '), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82]), Buffer.from('\n\tport: 80\n')]));
  writeFileSync(ws.file('deep.yml'), `services:\n  web:\n    command: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`);
  writeFileSync(ws.file('huge.yml'), `services:\n  web:\n    build: .\n${'# filler\n'.repeat(1_200_000)}`);
  const binary = await cli(['lint', 'binary-convox.yml'], ws.root);
  assert.ok(binary.code === 0 || binary.code === 1, binary.stderr);
  assert.equal(binary.stderr, '');
  const utf8 = await cli(['lint', '--format', 'json', 'utf8.yml'], ws.root);
  assert.ok(utf8.code === 0 || utf8.code === 1, utf8.stderr);
  assert.ok(Array.isArray(JSON.parse(utf8.stdout)) || typeof JSON.parse(utf8.stdout) === 'object');
  const deep = await cli(['lint', 'deep.yml'], ws.root);
  assert.match(deep.stdout, /deep\.yml:3:\d+: warning Values are nested more than 100 levels deep .*\[too-deeply-nested\]/);
  const huge = await cli(['lint', 'huge.yml'], ws.root);
  assert.equal(huge.code, 0);
  assert.match(huge.stdout, /^huge\.yml:1:1: warning File too large \(10\.\d MB\).*\[file-too-large\]$/m);
  assert.ok(huge.ms < 20_000, `took ${Math.round(huge.ms)} ms`);
});

test('files are read as yaml.v2 reads them: UTF-16 by its byte order mark, UTF-8 otherwise, stopping at bytes that are not', async (t) => {
  const manifest = 'services:\n  web:\n    image: nginx # café\n    enviroment: []\n';
  const utf16be = Buffer.from(manifest, 'utf16le').swap16();
  const ws = tempWorkspace({});
  t.after(() => ws.remove());
  writeFileSync(ws.file('le.yml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(manifest, 'utf16le')]));
  writeFileSync(ws.file('be.yml'), Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be]));
  writeFileSync(ws.file('latin1.yml'), Buffer.from(manifest, 'latin1'));
  writeFileSync(ws.file('docker-compose.yml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('services:\n  web:\n    image: nginx\n    ports: ["8080:80"]\n', 'utf16le')]));
  // Both UTF-16 files read as the UTF-8 text would: one unknown key, nothing about control characters.
  for (const file of ['le.yml', 'be.yml']) {
    const { code, stdout } = await cli(['lint', file], ws.root);
    assert.equal(code, 0, stdout);
    assert.match(stdout, new RegExp(`^${file.replace('.', '\\.')}:4:5: warning Unknown key "enviroment".*\\[unknown-key\\]$`, 'm'));
    assert.match(stdout, /1 file checked: 0 errors, 1 warning\./);
  }
  const latin1 = await cli(['lint', 'latin1.yml'], ws.root);
  assert.equal(latin1.code, 1);
  assert.match(latin1.stdout, /^latin1\.yml:3:23: error Bytes that are not UTF-8 here \(shown as U\+FFFD\).*Save it as UTF-8.*\[invalid-encoding\]$/m);
  const converted = await cli(['convert', 'docker-compose.yml'], ws.root);
  assert.equal(converted.code, 0, converted.stderr);
  assert.match(converted.stdout, /^ {4}image: nginx$/m);
  assert.match(converted.stdout, /^ {4}port: 80$/m);
});

test('convert never overwrites without --force, and never copies an env file\'s values', async (t) => {
  const ws = tempWorkspace({
    'docker-compose.yml': 'services:\n  web:\n    image: nginx\n    env_file: .env\n    environment:\n      - PLAIN=1\n',
    '.env': 'DATABASE_PASSWORD=s3cr3t-value\nexport API_TOKEN="tok-123456"\n',
    'convox.yml': '# hand-written, keep me\n',
  });
  t.after(() => ws.remove());
  const refused = await cli(['convert', '-o', 'convox.yml', 'docker-compose.yml'], ws.root);
  assert.equal(refused.code, 5);
  assert.equal(readFileSync(ws.file('convox.yml'), 'utf8'), '# hand-written, keep me\n');
  const { code, stdout, stderr } = await cli(['convert', '--format', 'json', 'docker-compose.yml'], ws.root);
  assert.equal(code, 0, stderr);
  assert.doesNotMatch(stdout + stderr, /s3cr3t-value|tok-123456/);
  const { manifest } = JSON.parse(stdout) as { manifest: string };
  assert.match(manifest, /- DATABASE_PASSWORD\n/, 'names are declared, without a value');
  assert.match(manifest, /- API_TOKEN\n/);
});
