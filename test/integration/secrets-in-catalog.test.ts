// Issue 14 item 3: access/secrets_in_catalog finds a secret planted in each place it
// searches (on PostgreSQL 18 with a real pg_cron and a real extension configuration
// table), reports it masked, and no planted secret appears anywhere: not in the CLI's JSON
// report or console, not in the in-database run's rows, not in sec_check.results/runs.
// A role that cannot read some places gets Failed naming the privilege, never Success.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureInstall, installExtensionFromRepo, startCluster, type Cluster } from '../../src/harness/index.ts';
import { cli, connArgs, REPO, tempPrefix } from './support.ts';

let pg: Cluster;

// One secret per place; each is unique so a grep of the output finds any leak.
const SECRETS = {
  function: 'FnPlantedPw77',
  atomic_function: 'AtomicPlanted1',
  view: 'VWPLANTEDKEY1234',
  matview: 'MvPlantedPw9',
  comment: 'CmPlantedKey0042',
  shared_comment: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCShPlanted',
  cron: 'CronPlanted77',
  subscription: 'SubPlanted55',
  server: 'SrvPlanted66',
  mapping: 'UmPlanted88',
  role_setting: 'RolePlantedSig',
  database_setting: 'DbPlanted99x',
  ext_config: 'ExtPlantedTok123',
};

before(async () => {
  const install = await ensureInstall(18);
  assert.ok(install.extensions.includes('pg_cron'), 'the PG 18 tree has pg_cron');
  await installExtensionFromRepo(install, REPO);
  // a small extension with a configuration table (pg_extension_config_dump), as vendors ship
  const extDir = join(execFileSync(install.pgConfig, ['--sharedir'], { encoding: 'utf8' }).trim(), 'extension');
  writeFileSync(join(extDir, 'sc_leaky.control'), "default_version = '1.0'\nrelocatable = false\nschema = sc_leaky\nsuperuser = true\n");
  writeFileSync(join(extDir, 'sc_leaky--1.0.sql'),
    "CREATE TABLE sc_leaky.settings (name text PRIMARY KEY, value text);\n" +
    "SELECT pg_catalog.pg_extension_config_dump('sc_leaky.settings', '');\n");
  pg = await startCluster(install, { sharedPreload: ['pg_cron'], settings: { 'cron.database_name': 'postgres' } });
  await pg.query('CREATE EXTENSION pljs');
  await pg.query('CREATE EXTENSION sec_check');
  await pg.query('CREATE EXTENSION pg_cron');
  await pg.query('CREATE EXTENSION sc_leaky');
  const s = SECRETS;
  for (const sql of [
    `CREATE FUNCTION public.leak_fn() RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN 'host=db user=app password=${s.function}'; END $$`,
    `CREATE FUNCTION public.leak_atomic() RETURNS text LANGUAGE sql BEGIN ATOMIC SELECT 'dbname=x password=${s.atomic_function}'; END`,
    `CREATE VIEW public.leak_view AS SELECT 'AKIA${s.view}'::text AS k`,
    `CREATE MATERIALIZED VIEW public.leak_mv AS SELECT 'postgres://app:${s.matview}@db/x'::text AS u`,
    `CREATE TABLE public.leak_table (id int)`,
    `COMMENT ON COLUMN public.leak_table.id IS 'api_key = "${s.comment}"'`,
    `CREATE ROLE leak_app NOLOGIN`,
    `COMMENT ON ROLE leak_app IS '-----BEGIN PRIVATE KEY-----${s.shared_comment}-----END PRIVATE KEY-----'`,
    `SELECT cron.schedule('leak', '0 0 1 1 *', $$SELECT 'host=x password=${s.cron}'$$)`,
    `CREATE SUBSCRIPTION leak_sub CONNECTION 'host=127.0.0.1 dbname=nowhere password=${s.subscription}' PUBLICATION p WITH (connect = false)`,
    `CREATE FOREIGN DATA WRAPPER leak_fdw`,
    `CREATE SERVER leak_srv FOREIGN DATA WRAPPER leak_fdw OPTIONS (host 'h', password '${s.server}')`,
    `CREATE USER MAPPING FOR leak_app SERVER leak_srv OPTIONS (user 'app', password '${s.mapping}')`,
    `ALTER ROLE leak_app SET leak.token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwbGFudGVkIn0.${s.role_setting}'`,
    `CREATE DATABASE leak_db`,
    `ALTER DATABASE leak_db SET leak.password = '${s.database_setting}'`,
    `INSERT INTO sc_leaky.settings VALUES ('webhook', 'token: "${s.ext_config}"')`,
  ]) await pg.query(sql);
});
after(async () => { await pg?.stop(); });

/** Every place the check searches, as the query names it, with the object planted there. */
const EXPECTED: [string, RegExp][] = [
  ['function', /function public\.leak_fn\(\): conninfo password password=\*\*\*\* \(13 chars\)/],
  ['function with a SQL-standard body', /function public\.leak_atomic\(\): conninfo password password=\*\*\*\* \(14 chars\)/],
  ['view', /view public\.leak_view: AWS access key AKIA\*\*\*\* \(16 chars\)/],
  ['materialized view', /materialized view public\.leak_mv: URI with password postgres:\/\/app:\*\*\*\* \(12 chars\)/],
  ['comment', /comment table column public\.leak_table\.id: secret assignment api_key = \*\*\*\* \(18 chars\)/],
  ['shared comment', /comment role leak_app: private key -----BEGIN PRIVATE KEY-----\*\*\*\*/],
  ['pg_cron job', /pg_cron job cron job 1 \(leak\): conninfo password password=\*\*\*\*/],
  ['subscription', /subscription subscription leak_sub: conninfo password password=\*\*\*\* \(12 chars\)/],
  ['foreign server', /foreign server server leak_srv: conninfo password password=\*\*\*\*/],
  ['user mapping', /user mapping user mapping for leak_app on server leak_srv: conninfo password password=\*\*\*\*/],
  ['role setting', /role\/database setting role leak_app: JWT eyJ\*\*\*\*/],
  ['database setting', /role\/database setting database leak_db: conninfo password password=\*\*\*\*/],
  ['extension configuration table', /extension configuration table sc_leaky: sc_leaky\.settings: secret assignment token: \*\*\*\*/],
];

function assertNoSecret(where: string, text: string): void {
  for (const [place, secret] of Object.entries(SECRETS)) {
    assert.ok(!text.includes(secret), `${where} contains the secret planted in ${place}`);
  }
}

test('CLI: a secret planted in each place is found, masked, and appears nowhere in the report', async () => {
  const prefix = tempPrefix('secrets');
  // every group: no other check may show a planted secret as evidence either
  const res = await cli(['run', ...connArgs(pg), '--format', 'Full', '--output', prefix]);
  assert.ok(res.code === 0 || res.code === 1, res.stderr);
  const json = readFileSync(`${prefix}.json`, 'utf8');
  assertNoSecret('the JSON report', json);
  assertNoSecret('the HTML report', readFileSync(`${prefix}_web/index.html`, 'utf8'));
  assertNoSecret('the console', res.stdout + res.stderr);
  const report = JSON.parse(json);
  const r = report.results.find((x: any) => x.check_id === 'secrets_in_catalog');
  assert.equal(r.status, 'Error', r.short_description + r.full_description);
  for (const [place, re] of EXPECTED) assert.match(r.short_description, re, place);
});

test('in-database run as superuser: every place found, masked; nothing stored holds a secret', async () => {
  const rows = await pg.query(`SELECT * FROM sec_check.run()`);
  const r = rows.find((x) => x.check_id === 'secrets_in_catalog');
  assert.equal(r.status, 'Error', r.short_description + r.full_description);
  for (const [place, re] of EXPECTED) assert.match(r.short_description, re, place);
  assertNoSecret('the rows of run()', JSON.stringify(rows));
  const stored = await pg.query(`SELECT (SELECT string_agg(x::text, E'\\n') FROM sec_check.results x) AS results,
                                        (SELECT string_agg(x::text, E'\\n') FROM sec_check.runs x) AS runs`);
  assert.match(stored[0].results, /secrets_in_catalog/);
  assertNoSecret('sec_check.results', stored[0].results);
  assertNoSecret('sec_check.runs', stored[0].runs);
});

test('a role that cannot read every place gets Failed naming the privilege, not Success', async () => {
  await pg.query(`CREATE ROLE leak_auditor LOGIN`);
  await pg.query(`GRANT pg_monitor, pg_read_all_settings TO leak_auditor`);
  await pg.query(`SELECT sec_check.grant_audit_access('leak_auditor')`);
  const client = await pg.connect('leak_auditor');
  try {
    const res = await client.query(`SELECT * FROM sec_check.run('access')`);
    const r = res.rows.find((x) => x.check_id === 'secrets_in_catalog');
    assert.equal(r.status, 'Failed', r.short_description + r.full_description);
    assert.match(r.short_description, /subscription: SELECT on pg_subscription\.subconninfo/, r.full_description);
    assert.match(r.short_description, /pg_cron job \(cron\.job\): USAGE on schema cron and SELECT on cron\.job/);
    assert.match(r.short_description, /user mapping \(1 mapping\(s\)\): superuser/);
    // what it can read is still searched and reported
    assert.match(r.short_description, /function public\.leak_fn\(\): conninfo password/);
    assertNoSecret('the auditor\'s rows', JSON.stringify(res.rows));
  } finally {
    await client.end();
  }
});
