// Issue 14 item 4: capability-aware verdicts. One PostgreSQL 18 server, first plain
// (self-hosted: host checks as before), then set up like Amazon RDS (a non-superuser
// rds_superuser-style role, no file access): the managed profile is detected, host checks
// are Skipped with not_applicable_managed naming AWS's control (never Failed), and checks
// whose data needs a privilege the role lacks are Failed naming it (insufficient_privilege).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cluster } from '../../src/harness/index.ts';
import { cli, connArgs, REPO, startPg18WithSecCheck, tempPrefix } from './support.ts';

let pg: Cluster;
type Row = Record<string, any>;
before(async () => { pg = await startPg18WithSecCheck(); });
after(async () => { await pg?.stop(); });

/** Ids of the built-in checks that read the host (a shell executor). */
function hostCheckIds(): Set<string> {
  const config = JSON.parse(readFileSync(join(REPO, 'dist/catalog/config.json'), 'utf8'));
  const ids = new Set<string>();
  for (const section of Object.values<any>(config.section)) {
    for (const item of section.items) if (item.executors.some((e: any) => !e.script.endsWith('.sql'))) ids.add(item.id);
  }
  return ids;
}
const HOST = hostCheckIds();

async function cliReport(user: string, extra: string[] = [], database = 'postgres'): Promise<{ code: number; stderr: string; report: any }> {
  const prefix = tempPrefix('managed');
  const args = [...connArgs(pg, user).slice(0, -1), database]; // the last argument is --database's value
  const res = await cli(['run', ...args, '--format', 'Json', '--output', prefix, '--fail-on', 'never', ...extra]);
  let report: any = null;
  try { report = JSON.parse(readFileSync(`${prefix}.json`, 'utf8')); } catch { /* no report */ }
  return { code: res.code, stderr: res.stderr, report };
}

test('self-hosted server: auto applies self-hosted and host checks behave as before', async () => {
  assert.ok(HOST.size >= 5, `${HOST.size} host checks`);
  const rows: Row[] = await pg.query(`SELECT * FROM sec_check.run()`);
  for (const r of rows.filter((x) => HOST.has(x.check_id))) {
    assert.deepEqual([r.status, r.skip_reason], ['Skipped', 'host_agent_required'], r.check_id);
  }
  assert.ok(!rows.some((r) => r.skip_reason === 'not_applicable_managed' || r.skip_reason === 'insufficient_privilege'));
  const [{ doc }] = await pg.query(`SELECT sec_check.report_json($1) AS doc`, [rows[0].run_id]);
  assert.deepEqual(doc.run.profile, { requested: 'auto', applied: 'self-hosted', provider: null, source: 'default', detected_by: null });
  // the CLI runs the shell probes on a self-hosted server
  const { report } = await cliReport('postgres', ['--groups', 'permissions']);
  assert.deepEqual(report.run.profile, { requested: 'auto', applied: 'self-hosted', provider: null, source: 'default', detected_by: null });
  const pgdata = report.results.find((r: Row) => r.check_id === 'pgdata_permissions');
  assert.notEqual(pgdata.status, 'Skipped');
  assert.ok(pgdata.executors.some((e: Row) => e.kind === 'shell' && e.return_code !== undefined), 'the probe ran');
});

test('set up like RDS: in-database run as the admin role, no Failed host check, missing privileges named', async () => {
  // what an RDS instance has: rds_superuser (no SUPERUSER) with a few predefined roles, the
  // customer's admin login in it, no pg_read_server_files, and rds.* parameters
  await pg.query(`CREATE ROLE rds_superuser NOLOGIN CREATEROLE CREATEDB`);
  await pg.query(`GRANT pg_monitor, pg_signal_backend, pg_read_all_settings TO rds_superuser`);
  await pg.query(`CREATE ROLE rdsadmin NOLOGIN SUPERUSER`);
  await pg.query(`CREATE ROLE app_admin LOGIN IN ROLE rds_superuser`);
  await pg.query(`SELECT sec_check.grant_audit_access('app_admin')`);
  const client = await pg.connect('app_admin');
  try {
    const { rows } = await client.query(`SELECT * FROM sec_check.run()`);
    assert.ok(rows.length > 50);
    const host = rows.filter((r: Row) => HOST.has(r.check_id));
    assert.equal(host.length, HOST.size);
    for (const r of host) {
      assert.deepEqual([r.status, r.skip_reason], ['Skipped', 'not_applicable_managed'], `${r.check_id}: ${r.short_description}`);
      assert.match(r.short_description, /Amazon RDS \/ Aurora/);
    }
    const by = Object.fromEntries(rows.map((r: Row) => [r.check_id, r]));
    assert.match(by.pgdata_permissions.full_description, /rds-storage-encrypted/);
    assert.match(by.systemd_service_enabled.full_description, /Multi-AZ/);
    // no host agent is expected on a managed service
    assert.equal(by.agent_freshness.status, 'Info', by.agent_freshness.short_description);
    assert.match(by.agent_freshness.short_description, /Managed service/);
    // a privilege the role lacks is named, with the reason
    for (const [id, privilege] of [['host_login', /superuser \(SELECT on pg_hba_file_rules\)/],
                                   ['md5_password_verifiers', /superuser \(SELECT on pg_authid\)/]] as const) {
      assert.deepEqual([by[id].status, by[id].skip_reason], ['Failed', 'insufficient_privilege'], `${id}: ${by[id].short_description}`);
      assert.match(by[id].short_description, privilege, id);
    }
    // every Failed result says which privilege is missing
    const failed = rows.filter((r: Row) => r.status === 'Failed');
    assert.ok(failed.length > 0);
    for (const r of failed) assert.equal(r.skip_reason, 'insufficient_privilege', `${r.check_id}: ${r.short_description}`);
    const stored = await pg.query(`SELECT count(*)::int AS n FROM sec_check.results WHERE run_id = $1 AND skip_reason = 'not_applicable_managed'`, [rows[0].run_id]);
    assert.equal(stored[0].n, HOST.size);
    const [{ doc }] = await pg.query(`SELECT sec_check.report_json($1) AS doc`, [rows[0].run_id]);
    assert.deepEqual(doc.run.profile, { requested: 'auto', applied: 'managed', provider: 'aws', source: 'default', detected_by: 'role rds_superuser' });
    // the owner's profile = self-hosted puts the plain behaviour back (a session cannot choose it)
    await pg.query(`SELECT sec_check.configure('profile', 'self-hosted')`);
    const plain = (await client.query(`SELECT * FROM sec_check.run('permissions')`)).rows;
    const pgdata = plain.find((r: Row) => r.check_id === 'pgdata_permissions');
    assert.deepEqual([pgdata.status, pgdata.skip_reason], ['Skipped', 'host_agent_required']);
  } finally {
    await pg.query(`SELECT sec_check.configure('profile', NULL)`);
    await client.end();
  }
});

test('set up like RDS: the CLI applies the managed profile, runs no probe on its own host, names privileges', async () => {
  const { code, stderr, report } = await cliReport('app_admin');
  assert.equal(code, 0, stderr);
  assert.deepEqual(report.run.profile, { requested: 'auto', applied: 'managed', provider: 'aws', source: 'default', detected_by: 'role rds_superuser' });
  const host = report.results.filter((r: Row) => HOST.has(r.check_id));
  assert.equal(host.length, HOST.size);
  for (const r of host) {
    assert.deepEqual([r.status, r.skip_reason], ['Skipped', 'not_applicable_managed'], r.check_id);
    assert.ok(r.executors.every((e: Row) => e.skipped === 'not_applicable_managed' && e.stdout === undefined), `${r.check_id}: no probe ran`);
  }
  const failed = report.results.filter((r: Row) => r.status === 'Failed');
  for (const r of failed) assert.equal(r.skip_reason, 'insufficient_privilege', `${r.check_id}: ${r.short_description}`);
  const hba = report.results.find((r: Row) => r.check_id === 'host_login');
  assert.match(hba.short_description, /lacks .*pg_hba_file_rules/);
  // the same in Russian: the provider's control has its own text
  const ru = await cliReport('app_admin', ['--groups', 'permissions', '--locale', 'ru']);
  const pgdataRu = ru.report.results.find((r: Row) => r.check_id === 'pgdata_permissions');
  assert.equal(pgdataRu.skip_reason, 'not_applicable_managed');
  assert.match(pgdataRu.short_description, /^Не применяется в Amazon RDS \/ Aurora/);
  assert.match(pgdataRu.full_description, /Каталог данных и права на его файлы принадлежат AWS.*rds-storage-encrypted/);
  // --profile self-hosted: the probes run as before (nothing Skipped as managed)
  const plain = await cliReport('app_admin', ['--profile', 'self-hosted', '--groups', 'permissions']);
  assert.deepEqual(plain.report.run.profile, { requested: 'self-hosted', applied: 'self-hosted', provider: 'aws', source: 'option', detected_by: 'role rds_superuser' });
  assert.ok(!plain.report.results.some((r: Row) => r.skip_reason === 'not_applicable_managed'));
});

test('a role with no predefined roles at all: every Failed result names the privilege it lacks', async () => {
  await pg.query(`CREATE ROLE bare_auditor LOGIN`);
  await pg.query(`SELECT sec_check.grant_audit_access('bare_auditor')`);
  const client = await pg.connect('bare_auditor');
  try {
    const { rows } = await client.query(`SELECT * FROM sec_check.run()`);
    const failed = rows.filter((r: Row) => r.status === 'Failed');
    assert.ok(failed.length > 5, `${failed.length} Failed`);
    const unnamed = failed.filter((r: Row) => r.skip_reason !== 'insufficient_privilege').map((r: Row) => `${r.check_id}: ${r.short_description}`);
    assert.deepEqual(unnamed, []);
    assert.ok(failed.some((r: Row) => /pg_read_all_settings/.test(r.short_description)), 'hidden settings name pg_read_all_settings');
  } finally {
    await client.end();
  }
});

test('a provider placeholder set for a database is not a provider; the owner\'s setting makes the profile managed', async () => {
  await pg.query(`CREATE DATABASE gcp_like`);
  // a placeholder (no Cloud SQL module defines it here) is not listed in pg_settings: not read
  await pg.query(`ALTER DATABASE gcp_like SET cloudsql.iam_authentication = 'on'`);
  // without the RDS roles, to see the parameter alone
  await pg.query(`REASSIGN OWNED BY app_admin TO postgres`);
  await pg.query(`DROP OWNED BY app_admin`);
  await pg.query(`DROP ROLE app_admin`);
  await pg.query(`DROP ROLE rds_superuser`);
  await pg.query(`DROP ROLE rdsadmin`);
  const { report, stderr } = await cliReport('postgres', ['--groups', 'installation'], 'gcp_like');
  assert.ok(report, stderr);
  assert.deepEqual(report.run.profile, { requested: 'auto', applied: 'self-hosted', provider: null, source: 'default', detected_by: null });
  // --profile managed on a plain database names no provider but still skips host checks
  const forced = await cliReport('postgres', ['--groups', 'installation', '--profile', 'managed']);
  assert.deepEqual(forced.report.run.profile, { requested: 'managed', applied: 'managed', provider: null, source: 'option', detected_by: null });
  const s2 = forced.report.results.find((r: Row) => r.check_id === 'systemd_service_enabled');
  assert.equal(s2.skip_reason, 'not_applicable_managed');
  assert.match(s2.short_description, /the managed service/);
  // the extension owner's setting does the same for every run, the CLI's included
  await pg.query(`SELECT sec_check.configure('profile', 'managed')`);
  try {
    const owner = await cliReport('postgres', ['--groups', 'installation']);
    assert.deepEqual(owner.report.run.profile, { requested: 'managed', applied: 'managed', provider: null, source: 'sec_check.config', detected_by: null });
  } finally {
    await pg.query(`SELECT sec_check.configure('profile', NULL)`);
  }
});
