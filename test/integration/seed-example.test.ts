// The manual's own example pack (hello-world shell check + pg_version SQL check) through
// the CLI against a real PostgreSQL 18, in both locales.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Cluster } from '../../src/harness/index.ts';
import { cli, connArgs, SIMPLE, startPg, tempPrefix } from './support.ts';
import { reportValidator } from '../report/load.ts';

let pg18: Cluster;
before(async () => { pg18 = await startPg(18); });
after(async () => { await pg18?.stop(); });

test('the example pack runs through the CLI with the expected statuses', async () => {
  const out = tempPrefix('audit_result');
  const res = await cli(['run', ...connArgs(pg18), '--config', SIMPLE, '--format', 'Json', '--output', out, '--locale', 'en']);
  assert.equal(res.code, 0, res.stderr + res.stdout);
  const report = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
  const byName = Object.fromEntries(report.results.map((r: { name: string }) => [r.name, r]));
  assert.equal(byName['hello world check'].status, 'Success');
  assert.equal(byName['hello world check'].executors[0].stdout, 'hello world\n');
  assert.equal(byName['hello world check'].executors[0].return_code, 0);
  assert.equal(byName['select pg_version'].status, 'Success');
  assert.match(byName['select pg_version'].short_description, /^PostgreSQL 18\.\d+/);
  assert.equal(report.run.origin, 'agent');
  assert.equal(report.run.server.version_num >= 180000, true);
  assert.deepEqual(report.sections.map((s: { key: string }) => s.key), ['system', 'sql']);
  const validate = reportValidator();
  assert.equal(validate(report), true, JSON.stringify(validate.errors));
});

test('--locale ru picks ru.loc and falls back to English for a missing key', async () => {
  const out = tempPrefix('audit_ru');
  const res = await cli(['run', ...connArgs(pg18), '--config', SIMPLE, '--format', 'Json', '--output', out, '--locale', 'ru']);
  assert.equal(res.code, 0, res.stderr);
  const report = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
  assert.equal(report.results[0].short_description, 'Скрипт поздоровался, как ожидалось');
  const fr = tempPrefix('audit_fr');
  const res2 = await cli(['run', ...connArgs(pg18), '--config', SIMPLE, '--format', 'Json', '--output', fr, '--locale', 'fr']);
  assert.equal(res2.code, 0, res2.stderr);
  assert.equal(JSON.parse(readFileSync(`${fr}.json`, 'utf8')).results[0].short_description, 'The script said hello, as expected');
});

test('--groups runs only the named sections', async () => {
  const out = tempPrefix('audit_sql');
  const res = await cli(['run', ...connArgs(pg18), '--config', SIMPLE, '--format', 'Json', '--output', out, '--groups', 'sql']);
  assert.equal(res.code, 0, res.stderr);
  const report = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
  assert.deepEqual(report.results.map((r: { section: string }) => r.section), ['sql']);
  assert.deepEqual(report.run.groups, ['sql']);
});

test('pg_sec_check invocation flags are accepted (-f, --threads, --pgclients, --unsecure)', async () => {
  const out = tempPrefix('audit_compat');
  const res = await cli(['run', ...connArgs(pg18), '--config', SIMPLE, '-f', 'Json', '--output', out, '--threads', '4', '--pgclients', '2', '--unsecure']);
  assert.equal(res.code, 0, res.stderr);
  assert.equal(JSON.parse(readFileSync(`${out}.json`, 'utf8')).summary.by_status.Success, 2);
});

test('shell executors get PG_HOST, PG_PORT, PG_USER, PG_DB, PGDATA, PG_VERSION and PG_HBA_FILE', async () => {
  const { writePack, configOf } = await import('./support.ts');
  const config = writePack({
    'config.json': configOf('host', [{ name: 'env', executors: [{ script: 'env.sh' }], validators: [{ script: 'v.lua' }] }]),
    'env.sh': 'for v in PG_HOST PG_PORT PG_USER PG_DB PGDATA PG_VERSION PG_HBA_FILE; do printf "%s=%s\\n" "$v" "$(printenv "$v")"; done\n',
    'v.lua': 'function validate_result() return { status = "Info", short_description = result.stdout, full_description = "", recommendation = "" } end\n',
  });
  const out = tempPrefix('env');
  const res = await cli(['run', ...connArgs(pg18), '--config', config, '--format', 'Json', '--output', out]);
  assert.equal(res.code, 0, res.stderr);
  const env = Object.fromEntries(JSON.parse(readFileSync(`${out}.json`, 'utf8')).results[0].short_description
    .trim().split('\n').map((l: string) => l.split(/=(.*)/s).slice(0, 2)));
  assert.deepEqual(env, {
    PG_HOST: pg18.socketDir, PG_PORT: String(pg18.port), PG_USER: 'postgres', PG_DB: 'postgres',
    PGDATA: pg18.dataDir, PG_VERSION: (await pg18.query('SHOW server_version'))[0].server_version,
    PG_HBA_FILE: `${pg18.dataDir}/pg_hba.conf`,
  });
});

test('--debug logs queries and timings to stderr, never the password', async () => {
  const out = tempPrefix('debug');
  const res = await cli(['run', ...connArgs(pg18), '--config', SIMPLE, '--format', 'Json', '--output', out, '--debug'], { PGPASSWORD: 's3cret-pw-value' });
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stderr, /\[debug\] query \d+\.\d ms: SELECT count\(\*\) AS sec_check_count/);
  assert.doesNotMatch(res.stderr + res.stdout + readFileSync(`${out}.json`, 'utf8'), /s3cret-pw-value/);
});
