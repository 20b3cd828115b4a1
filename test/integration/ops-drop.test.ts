// Clean removal and self-description of the extension, on PostgreSQL 18 + pljs + a real
// pg_cron: DROP EXTENSION takes sec_check's pg_cron jobs with it (and names other jobs that
// call sec_check), a failed or rolled-back DROP keeps them; every column of every table and
// view has a comment; \dx says where the objects are.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { ensureInstall, installExtensionFromRepo, startCluster, type Cluster } from '../../src/harness/index.ts';
import { psql } from './extension-catalog.ts';
import { REPO } from './support.ts';

let cluster: Cluster;
type Row = Record<string, any>;

before(async () => {
  const install = await ensureInstall(18);
  await installExtensionFromRepo(install, REPO);
  cluster = await startCluster(install, { sharedPreload: ['pg_cron'], settings: { 'cron.database_name': 'postgres' } });
  await cluster.alterSystem({ 'cron.host': cluster.socketDir }, 'restart');
  await cluster.query('CREATE EXTENSION pg_cron');
  await cluster.query(`CREATE ROLE scheduler LOGIN IN ROLE pg_monitor`);
});
after(async () => { await cluster?.stop(); });

/** sec_check installed with two schedules (one by another role) and two jobs of the DBA's own. */
async function installWithJobs(): Promise<void> {
  await cluster.query('CREATE EXTENSION IF NOT EXISTS pljs');
  await cluster.query('CREATE EXTENSION sec_check');
  await cluster.query(`SELECT sec_check.grant_audit_access('scheduler')`);
  await cluster.query(`SELECT sec_check.grant_schedule_access('scheduler')`);
  await cluster.query(`SELECT sec_check.schedule('nightly', '0 3 * * *')`);
  const c = await cluster.connect('scheduler');
  try { await c.query(`SELECT sec_check.schedule('hourly-logging', '0 * * * *', ARRAY['logging'])`); } finally { await c.end(); }
  await cluster.query(`SELECT cron.schedule('my-audit', '0 4 * * *', 'SELECT count(*) FROM sec_check.run()')`);
  await cluster.query(`SELECT cron.schedule('vacuum', '0 5 * * *', 'VACUUM')`);
}
const jobs = async () => (await cluster.query(`SELECT jobname FROM cron.job ORDER BY jobname`)).map((r: Row) => r.jobname);
async function dropWith(sql: string): Promise<{ notices: string[]; warnings: string[] }> {
  const c = new pg.Client(cluster.clientConfig());
  const notices: string[] = [];
  const warnings: string[] = [];
  c.on('notice', (n) => (n.severity === 'WARNING' ? warnings : notices).push(n.message ?? ''));
  await c.connect();
  try { await c.query(sql); } finally { await c.end(); }
  return { notices, warnings };
}

test('DROP EXTENSION sec_check removes its pg_cron jobs and names the others that call it; a rolled-back DROP keeps them', async () => {
  await installWithJobs();
  assert.deepEqual(await jobs(), ['my-audit', 'sec_check:hourly-logging', 'sec_check:nightly', 'vacuum']);
  await dropWith('BEGIN; DROP EXTENSION sec_check; ROLLBACK;');
  assert.deepEqual(await jobs(), ['my-audit', 'sec_check:hourly-logging', 'sec_check:nightly', 'vacuum'], 'rolled back with the DROP');
  const { notices, warnings } = await dropWith('DROP EXTENSION sec_check');
  assert.match(notices.join('\n'), /removed its pg_cron jobs with the extension: sec_check:nightly \(job \d+, postgres\), sec_check:hourly-logging \(job \d+, scheduler\)/);
  assert.match(warnings.join('\n'), /these pg_cron jobs call sec_check and will fail once it is dropped: my-audit/);
  assert.deepEqual(await jobs(), ['my-audit', 'vacuum']);
  await cluster.query(`SELECT cron.unschedule('my-audit')`);
});

test('variants: IF EXISTS with several names, a DROP inside a DO block, and DROP EXTENSION pljs CASCADE remove the jobs; dropping another extension does not', async () => {
  for (const sql of [`DROP EXTENSION IF EXISTS no_such_extension, "sec_check" RESTRICT`,
                     `DO $$ BEGIN EXECUTE 'DROP EXTENSION sec_check'; END $$`,
                     `DROP EXTENSION pljs CASCADE`]) {
    await installWithJobs();
    await cluster.query(`CREATE EXTENSION pgtap`);
    await dropWith(`DROP EXTENSION pgtap`);
    assert.deepEqual(await jobs(), ['my-audit', 'sec_check:hourly-logging', 'sec_check:nightly', 'vacuum'], 'another extension: nothing removed');
    await dropWith(sql);
    assert.equal((await cluster.query(`SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'sec_check'`))[0].n, 0, sql);
    assert.deepEqual(await jobs(), ['my-audit', 'vacuum'], sql);
    await cluster.query(`SELECT cron.unschedule('my-audit')`);
  }
});

test('every column of every sec_check table and view has a comment; \\dx names the schema', async () => {
  await cluster.query('CREATE EXTENSION IF NOT EXISTS pljs');
  await cluster.query('CREATE EXTENSION sec_check');
  const missing: Row[] = await cluster.query(`
    SELECT c.relname || '.' || a.attname AS col
      FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
     WHERE c.relnamespace = 'sec_check'::regnamespace AND c.relkind IN ('r', 'v', 'm', 'p', 'f')
       AND a.attnum > 0 AND NOT a.attisdropped AND col_description(c.oid, a.attnum) IS NULL`);
  assert.deepEqual(missing.map((r) => r.col), []);
  const [{ n }] = await cluster.query(`SELECT count(*)::int AS n FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
     WHERE c.relnamespace = 'sec_check'::regnamespace AND c.relkind IN ('r', 'v') AND a.attnum > 0 AND NOT a.attisdropped`);
  assert.ok(n > 400, `${n} columns`);
  assert.match(await psql(cluster, 'postgres', ['-c', '\\dx sec_check']), /objects in schema sec_check/);
});
