import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { convertCommand, convertProcfile } from '../../../server/src/service/convert/procfile';
import type { ConversionNote, ConversionResult } from '../../../server/src/service/convert/types';

function services(result: ConversionResult): Record<string, Record<string, unknown>> {
  return (parse(result.manifest) ?? {}).services ?? {};
}

function note(result: ConversionResult, path: string): ConversionNote {
  const found = result.report.find((n) => n.path === path);
  assert.ok(found, `no note at ${path}: ${result.report.map((n) => n.path).join(', ')}`);
  return found;
}

describe('Procfile commands', () => {
  test('$PORT becomes the fixed port; ${VAR:-x} a default under environment; shell features run under sh -c', () => {
    assert.deepEqual(convertCommand('bundle exec puma -C config/puma.rb', 3000), { command: 'bundle exec puma -C config/puma.rb', defaults: [], notes: [] });
    const rails = convertCommand('bundle exec puma -t 5:5 -p ${PORT:-3000} -e ${RACK_ENV:-development}', 3000);
    assert.equal(rails.command, "sh -c 'bundle exec puma -t 5:5 -p 3000 -e $RACK_ENV'");
    assert.deepEqual(rails.defaults, [['RACK_ENV', 'development']]);
    assert.equal(convertCommand('python manage.py runserver %PORT%', 8000).command, 'python manage.py runserver 8000');
    assert.equal(convertCommand('gunicorn app:app --bind 0.0.0.0:$PORT', 5000).command, 'gunicorn app:app --bind 0.0.0.0:5000');
    assert.equal(convertCommand("rails db:migrate && rails data:migrate", undefined).command, "sh -c 'rails db:migrate && rails data:migrate'");
    assert.equal(convertCommand('PORT=$X cd web && bun run dev', undefined).command, "sh -c 'PORT=$X cd web && bun run dev'");
  });
});

describe('convertProcfile', () => {
  const procfile = ['# comment', 'release: rails db:migrate', 'web: bundle exec rails server -p $PORT', 'worker: bundle exec sidekiq', 'worker: bundle exec sidekiq -q high', ''].join('\n');
  const appJson = JSON.stringify(
    {
      name: 'demo',
      env: { RAILS_ENV: { value: 'production' }, SECRET_KEY_BASE: { generator: 'secret' }, API_KEY: { required: true }, OPTIONAL: { required: false }, BUILDPACK_URL: 'x' },
      addons: ['heroku-postgresql:mini', { plan: 'heroku-redis', as: 'CACHE' }, 'papertrail'],
      formation: { web: { quantity: 2, size: 'standard-2x' } },
      scripts: { postdeploy: 'rake seed' },
    },
    null,
    2,
  );

  test('process types become services, release an initContainer, the last of a duplicated type wins', () => {
    const result = convertProcfile(procfile, undefined, { fileName: 'Procfile' });
    const s = services(result);
    assert.deepEqual(Object.keys(s), ['web', 'worker']);
    assert.deepEqual(s.web, { build: '.', command: 'bundle exec rails server -p 3000', port: 3000, initContainer: { command: 'rails db:migrate' } });
    assert.equal(s.worker.command, 'bundle exec sidekiq -q high');
    assert.deepEqual(note(result, 'worker').range.start, { line: 3, character: 0 }, 'the first worker line is the one dropped');
    assert.match(note(result, 'release').message, /initContainer of web: before every web process starts/);
  });

  test('app.json: env, add-ons as linked resources, formation as scale, scripts as manual steps', () => {
    const result = convertProcfile(procfile, appJson, { fileName: 'Procfile', appJsonFileName: 'app.json' });
    const value = parse(result.manifest);
    assert.deepEqual(value.environment, ['RAILS_ENV=production', 'SECRET_KEY_BASE', 'API_KEY']);
    assert.deepEqual(value.resources, { database: { type: 'postgres' }, cache: { type: 'redis' } });
    assert.deepEqual(value.services.web.resources, ['database', 'cache']);
    assert.deepEqual(value.services.worker.resources, ['database', 'cache']);
    assert.deepEqual(value.services.web.scale, { count: 2, memory: 1024 });
    const secret = note(result, 'env.SECRET_KEY_BASE');
    assert.equal(secret.kind, 'manual-step');
    assert.equal(secret.file, 'app.json');
    assert.match(secret.message, /convox env set SECRET_KEY_BASE=\$\(openssl rand -hex 64\)/);
    assert.equal(note(result, 'env.OPTIONAL').kind, 'dropped');
    assert.equal(note(result, 'env.BUILDPACK_URL').kind, 'dropped');
    assert.match(note(result, 'addons[2]').message, /papertrail has no Convox equivalent/);
    assert.match(note(result, 'scripts.postdeploy').message, /convox run web 'rake seed'/);
    assert.match(result.manifest, /^# Converted from Procfile and app\.json by convox-yml/);
  });

  test('a Procfile without process lines is not converted', () => {
    const result = convertProcfile('# nothing here\n');
    assert.equal(result.manifest, '');
    assert.ok(result.error);
  });

  test('process lines: the command trimmed of spaces, tabs and CR; a type with nothing after it, or not a name, is reported', () => {
    const text = `web:   bin/web --port $PORT \t \r\nblank:${' '.repeat(5000)}\r\nmy worker: run\n`;
    const result = convertProcfile(text);
    assert.equal(services(result).web?.command, 'bin/web --port 3000');
    assert.deepEqual(Object.keys(services(result)), ['web']);
    const dropped = result.report.filter((n) => n.kind === 'dropped').map((n) => n.range.start.line);
    assert.deepEqual(dropped, [1, 2]);
  });
});
