// What decides what is stored, purged or judged comes from the extension owner, never from
// the posting session (red-team: retention, the agent's allowed age, the profile and the
// provider placeholders were read from settings any role can set), and read-looking calls no
// longer change the outcome (a PII scan no longer makes sensitive columns; an installation
// without a host agent can say so). Each attack is run on PostgreSQL 18 + pljs by an auditor
// and an agent, with SET, connection options, placeholders and variants.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { Cluster } from '../../src/harness/index.ts';
import { CATALOG, cli, connArgs, startPg18WithSecCheck, tempPrefix } from './support.ts';

let cluster: Cluster;
type Row = Record<string, any>;

before(async () => {
  cluster = await startPg18WithSecCheck();
  await cluster.query(`CREATE ROLE auditor LOGIN IN ROLE pg_monitor, pg_read_all_settings`);
  await cluster.query(`SELECT sec_check.grant_audit_access('auditor')`);
  await cluster.query(`CREATE ROLE agent LOGIN IN ROLE pg_read_all_settings`);
  await cluster.query(`SELECT sec_check.grant_agent_access('agent')`);
});
after(async () => { await cluster?.stop(); });

/** A session of `user`, optionally with connection options (-c name=value), collecting warnings. */
async function session(user: string, options?: string): Promise<{ c: pg.Client; warnings: string[] }> {
  const c = new pg.Client({ ...cluster.clientConfig(user), ...(options ? { options } : {}) });
  const warnings: string[] = [];
  c.on('notice', (n) => { if (n.severity === 'WARNING') warnings.push(n.message ?? ''); });
  await c.connect();
  return { c, warnings };
}
const runCount = async () => Number((await cluster.query('SELECT count(*) AS n FROM sec_check.runs'))[0].n);
const ageRuns = (days: number) => cluster.query(`UPDATE sec_check.runs SET finished_at = finished_at - make_interval(days => $1), started_at = started_at - make_interval(days => $1)`, [days]);
async function agentPost(env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return cli(['run', ...connArgs(cluster, 'agent'), '--config', CATALOG, '--groups', 'permissions', '--store', '--fail-on', 'never',
    '--format', 'Json', '--output', tempPrefix('agent')], env);
}
const verdict = async (c: pg.Client, check: string) =>
  (await c.query(`SELECT status, short_description, skip_reason FROM sec_check.run('installation') WHERE check_id = $1`, [check])).rows[0];

test('only the extension owner changes the settings; bad values are refused naming the setting', async () => {
  for (const user of ['auditor', 'agent']) {
    const { c } = await session(user);
    try {
      const e = await c.query(`SELECT sec_check.configure('keep_days', '1')`).then(() => null, (x) => x);
      assert.match(e?.message ?? 'allowed', /permission denied for function configure/, user);
    } finally { await c.end(); }
  }
  const bad: [string, string, RegExp][] = [
    ['keep_days', '1.5', /keep_days must be a whole number of days from 0/],
    ['keep_days', '-3', /keep_days must be a whole number/],
    ['max_run_seconds', '0', /max_run_seconds must be a number of seconds above 0/],
    ['agent_max_age', 'forever', /agent_max_age must be seconds or a number with a unit/],
    ['profile', 'cloud', /profile must be one of auto, managed, self-hosted, found "cloud"/],
    ['host_agent', 'maybe', /host_agent must be expected or none/],
    ['retention', '1', /unknown setting "retention" \(expected one of agent_max_age, fleet_max_age, host_agent, keep_days, max_run_seconds, profile\)/],
  ];
  for (const [name, value, msg] of bad) {
    const e = await cluster.query(`SELECT sec_check.configure($1, $2)`, [name, value]).then(() => null, (x) => x);
    assert.match(e?.message ?? 'accepted', msg, `${name}=${value}`);
  }
  assert.equal((await cluster.query('SELECT count(*)::int AS n FROM sec_check.config'))[0].n, 0, 'nothing half-written');
  assert.deepEqual((await cluster.query(`SELECT sec_check.configure('agent_max_age', ' 2 hours ') AS v`))[0].v, '2 hours');
  assert.deepEqual((await cluster.query(`SELECT value, source, set_by FROM sec_check.effective_config WHERE name = 'agent_max_age'`))[0],
    { value: '2 hours', source: 'sec_check.config', set_by: 'postgres' });
  assert.equal((await cluster.query(`SELECT sec_check.configure('agent_max_age', NULL) AS v`))[0].v, '25 hours', 'NULL puts the default back');
});

test('retention: an auditor (SET, set_config in a DO block, connection option) and an agent (connection option) purge nothing', async () => {
  await cluster.query(`SELECT count(*) FROM sec_check.run('installation')`);
  await ageRuns(10);
  const before = await runCount();
  const attempts: [string, string | undefined, string][] = [
    ['auditor', undefined, `SET sec_check.keep_days = '1'`],
    ['auditor', undefined, `DO $$ BEGIN PERFORM set_config('sec_check.keep_days', '1', false); END $$`],
    ['auditor', '-c sec_check.keep_days=1', `SELECT 1`],
  ];
  let expected = before;
  for (const [user, options, prepare] of attempts) {
    const { c, warnings } = await session(user, options);
    try {
      await c.query(prepare);
      await c.query(`SELECT count(*) FROM sec_check.run('installation')`);
      expected += 1;
      assert.match(warnings.join('\n'), /sec_check\.keep_days = '1' \(use SELECT sec_check\.configure\('keep_days', '1'\) as the extension owner\)/, prepare);
    } finally { await c.end(); }
    assert.equal(await runCount(), expected, `${prepare}${options ? ` (${options})` : ''}: nothing purged`);
  }
  // the agent: a posting session with the option set by PGOPTIONS
  const post = await agentPost({ PGOPTIONS: '-c sec_check.keep_days=1' });
  assert.equal(post.code, 0, post.stdout + post.stderr);
  assert.match(post.stdout, /stored run \d+/);
  assert.equal(await runCount(), expected + 1, 'an agent post purges nothing either');
  // a role may not keep it on itself either (PostgreSQL refuses placeholders in ALTER ROLE for non-superusers)
  const { c } = await session('auditor');
  try {
    const e = await c.query(`ALTER ROLE auditor SET sec_check.keep_days = '1'`).then(() => null, (x) => x);
    assert.match(e?.message ?? 'allowed', /permission denied to set parameter "sec_check\.keep_days"/);
  } finally { await c.end(); }
  // the owner's setting applies, and the stored report says where the value came from
  await ageRuns(10);
  await cluster.query(`SELECT sec_check.configure('keep_days', '5')`);
  try {
    const id = Number((await cluster.query(`SELECT max(run_id) AS id FROM sec_check.run('installation')`))[0].id);
    assert.deepEqual((await cluster.query('SELECT id FROM sec_check.runs ORDER BY id')).map((r: Row) => Number(r.id)), [id], 'the owner\'s keep_days purged the aged runs');
    const [{ doc }] = await cluster.query(`SELECT sec_check.report_json($1) AS doc`, [id]);
    assert.deepEqual(doc.run.config.keep_days, { value: '5', source: 'sec_check.config' });
    assert.deepEqual(doc.run.config.agent_max_age, { value: '25 hours', source: 'default' });
    assert.deepEqual(Object.keys(doc.run.config).sort(), ['agent_max_age', 'fleet_max_age', 'host_agent', 'keep_days', 'max_run_seconds', 'profile']);
  } finally {
    await cluster.query(`SELECT sec_check.configure('keep_days', NULL)`);
  }
});

test('agent freshness: a session\'s agent_max_age does not turn Failed into Success; the owner\'s does', async () => {
  const post = await agentPost();
  assert.equal(post.code, 0, post.stderr);
  // three days pass for the agent's verdicts (the run and the current state it fed)
  await cluster.query(`UPDATE sec_check.runs SET finished_at = finished_at - interval '3 days' WHERE origin = 'agent'`);
  await cluster.query(`UPDATE sec_check.check_state SET last_checked_at = last_checked_at - interval '3 days'
                        WHERE last_run_id IN (SELECT id FROM sec_check.runs WHERE origin = 'agent')`);
  for (const [options, prepare] of [[undefined, `SET sec_check.agent_max_age = '1000 days'`], ['-c sec_check.agent_max_age=1000d', 'SELECT 1']] as const) {
    const { c, warnings } = await session('auditor', options);
    try {
      await c.query(prepare);
      const v = await verdict(c, 'agent_freshness');
      assert.equal(v.status, 'Failed', `${prepare} ${options ?? ''}: ${v.short_description}`);
      assert.match(v.short_description, /longer than agent_max_age = 25 hours \(default\)/);
      assert.match(warnings.join('\n'), /sec_check\.agent_max_age .*no longer read|no longer read: .*sec_check\.agent_max_age/);
    } finally { await c.end(); }
  }
  await cluster.query(`SELECT sec_check.configure('agent_max_age', '4 days')`);
  try {
    const { c } = await session('auditor');
    try {
      const v = await verdict(c, 'agent_freshness');
      assert.equal(v.status, 'Success', v.short_description);
      assert.match(v.short_description, /within agent_max_age = 4 days \(sec_check\.config\)/);
    } finally { await c.end(); }
  } finally {
    await cluster.query(`SELECT sec_check.configure('agent_max_age', NULL)`);
  }
});

test('profile: SET sec_check.profile, a connection option and provider placeholders (rds.force_ssl, cloudsql.*) skip no host check', async () => {
  const attempts: [string | undefined, string][] = [
    [undefined, `SET sec_check.profile = 'managed'`],
    ['-c sec_check.profile=managed', 'SELECT 1'],
    [undefined, `SET rds.force_ssl = '1'`],
    ['-c rds.extensions=pg_stat_statements -c cloudsql.iam_authentication=on', 'SELECT 1'],
  ];
  for (const [options, prepare] of attempts) {
    const { c } = await session('auditor', options);
    try {
      await c.query(prepare);
      const rows: Row[] = (await c.query(`SELECT check_id, status, skip_reason FROM sec_check.run('permissions')`)).rows;
      const id = rows[0].run_id;
      assert.ok(rows.some((r) => r.skip_reason === 'host_agent_required'), 'host checks need the agent, as on a self-hosted server');
      assert.ok(!rows.some((r) => r.skip_reason === 'not_applicable_managed'), `${prepare} ${options ?? ''}`);
      const [{ doc }] = await cluster.query(`SELECT sec_check.report_json($1) AS doc`, [id ?? (await cluster.query('SELECT max(id) AS id FROM sec_check.runs'))[0].id]);
      assert.deepEqual(doc.run.profile, { requested: 'auto', applied: 'self-hosted', provider: null, source: 'default', detected_by: null });
    } finally { await c.end(); }
  }
  // the CLI with a placeholder in its connection: no provider either
  const prefix = tempPrefix('placeholder');
  const r = await cli(['run', ...connArgs(cluster, 'auditor'), '--config', CATALOG, '--groups', 'installation', '--format', 'Json', '--output', prefix, '--fail-on', 'never'],
    { PGOPTIONS: '-c rds.force_ssl=1 -c sec_check.profile=managed' });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(readFileSync(`${prefix}.json`, 'utf8')).run.profile, { requested: 'auto', applied: 'self-hosted', provider: null, source: 'default', detected_by: null });
});

test('variant: a role with CREATEROLE makes a provider role; the owner pins the profile, and the report names what was detected', async () => {
  await cluster.query(`CREATE ROLE role_admin LOGIN CREATEROLE`);
  const { c } = await session('role_admin');
  try { await c.query(`CREATE ROLE rds_superuser NOLOGIN`); } finally { await c.end(); }
  try {
    let rows: Row[] = await cluster.query(`SELECT run_id, check_id, skip_reason FROM sec_check.run('permissions')`);
    let [{ doc }] = await cluster.query(`SELECT sec_check.report_json($1) AS doc`, [rows[0].run_id]);
    assert.deepEqual(doc.run.profile, { requested: 'auto', applied: 'managed', provider: 'aws', source: 'default', detected_by: 'role rds_superuser' },
      'auto still trusts the provider\'s roles (creating one needs CREATEROLE); the report says which one');
    await cluster.query(`SELECT sec_check.configure('profile', 'self-hosted')`);
    rows = await cluster.query(`SELECT run_id, check_id, skip_reason FROM sec_check.run('permissions')`);
    assert.ok(!rows.some((r) => r.skip_reason === 'not_applicable_managed'));
    [{ doc }] = await cluster.query(`SELECT sec_check.report_json($1) AS doc`, [rows[0].run_id]);
    assert.deepEqual(doc.run.profile, { requested: 'self-hosted', applied: 'self-hosted', provider: 'aws', source: 'sec_check.config', detected_by: 'role rds_superuser' });
    // the CLI reads the owner's setting too, and --profile (the CLI user's own report) says so
    const prefix = tempPrefix('pinned');
    const r = await cli(['run', ...connArgs(cluster, 'auditor'), '--config', CATALOG, '--groups', 'installation', '--format', 'Json', '--output', prefix, '--fail-on', 'never']);
    assert.equal(JSON.parse(readFileSync(`${prefix}.json`, 'utf8')).run.profile.source, 'sec_check.config', r.stderr);
  } finally {
    await cluster.query(`SELECT sec_check.configure('profile', NULL)`);
    await cluster.query(`DROP ROLE rds_superuser`);
  }
});

test('variant: a session budget (SET, option) does not shorten the run; the owner\'s max_run_seconds does', async () => {
  for (const [options, prepare] of [[undefined, `SET sec_check.max_run_seconds = '0.001'`], ['-c sec_check.max_run_seconds=0.001', 'SELECT 1']] as const) {
    const { c } = await session('auditor', options);
    try {
      await c.query(prepare);
      const rows: Row[] = (await c.query(`SELECT skip_reason FROM sec_check.run('logging')`)).rows;
      assert.ok(!rows.some((r) => r.skip_reason === 'deadline'), `${prepare} ${options ?? ''}`);
    } finally { await c.end(); }
  }
  await cluster.query(`SELECT sec_check.configure('max_run_seconds', '0.001')`);
  try {
    const rows: Row[] = await cluster.query(`SELECT skip_reason FROM sec_check.run('logging')`);
    assert.ok(rows.filter((r) => r.skip_reason === 'deadline').length > rows.length / 2, 'the owner\'s budget applies');
  } finally {
    await cluster.query(`SELECT sec_check.configure('max_run_seconds', NULL)`);
  }
});

test('variant: SET sec_check.storing_run = off does not keep a run out of the lifecycle', async () => {
  const { c } = await session('auditor');
  try {
    await c.query(`SET sec_check.storing_run = 'off'`);
    const id = Number((await c.query(`SELECT max(run_id) AS id FROM sec_check.run('installation')`)).rows[0].id);
    assert.equal((await cluster.query('SELECT count(*)::int AS n FROM sec_check.run_stats WHERE run_id = $1', [id]))[0].n, 1);
  } finally { await c.end(); }
});

test('an installation without a host agent says so: agent_freshness is Info, not a permanent Failed', async () => {
  await cluster.query(`DELETE FROM sec_check.runs WHERE origin = 'agent'`);
  const { c } = await session('auditor');
  try {
    const failed = await verdict(c, 'agent_freshness');
    assert.equal(failed.status, 'Failed', failed.short_description);
    assert.match(failed.short_description, /has never posted/);
    const before = Number((await cluster.query('SELECT max(id) AS id FROM sec_check.runs'))[0].id);
    await cluster.query(`SELECT sec_check.configure('host_agent', 'none')`);
    const declared = await verdict(c, 'agent_freshness');
    assert.equal(declared.status, 'Info', declared.short_description);
    assert.match(declared.short_description, /declared that database postgres runs no host agent/);
    const after = Number((await cluster.query('SELECT max(id) AS id FROM sec_check.runs'))[0].id);
    const drift: Row[] = await cluster.query(`SELECT change FROM sec_check.drift($1, $2) WHERE check_id = 'agent_freshness'`, [before, after]);
    assert.deepEqual(drift.map((r) => r.change), ['fixed']);
    const [f] = await cluster.query(`SELECT state FROM sec_check.findings WHERE check_id = 'agent_freshness'`);
    assert.equal(f.state, 'fixed');
  } finally {
    await c.end();
    await cluster.query(`SELECT sec_check.configure('host_agent', NULL)`);
  }
});

test('a PII scan changes no audit outcome; adopting its findings as sensitive columns is an explicit step', async () => {
  await cluster.query(`CREATE TABLE public.customers (id int PRIMARY KEY, email text)`);
  await cluster.query(`INSERT INTO public.customers SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 50) g`);
  await cluster.query(`CREATE ROLE steward LOGIN`);
  await cluster.query(`SELECT sec_check.grant_pii_access('steward')`);
  await cluster.query(`SELECT sec_check.grant_object_audit_access('steward', true)`);
  await cluster.query(`GRANT SELECT ON public.customers TO steward`);
  const sensitive = async () => (await cluster.query(`SELECT schema_name, table_name, column_name, label, source FROM sec_check.sensitive_columns ORDER BY 1, 2, 3`)) as Row[];
  const coverage = async () => (await cluster.query(`SELECT status FROM sec_check.run('logging') WHERE check_id = 'object_audit_coverage'`))[0].status;
  const before = await coverage();
  const { c } = await session('steward');
  try {
    const found = (await c.query(`SELECT column_name, category FROM sec_check.pii_scan('{"schemas": ["public"]}')`)).rows;
    assert.deepEqual(found.map((r: Row) => [r.column_name, r.category]), [['email', 'email']]);
    assert.deepEqual(await sensitive(), [], 'the scan stored findings only');
    assert.equal(await coverage(), before, 'and the next audit judges as before');
    // adopting is classifying: plain SELECT on the table is not enough (as for classify())
    assert.deepEqual((await c.query(`SELECT * FROM sec_check.adopt_pii_findings()`)).rows, [], 'no authority over customers');
    assert.deepEqual(await sensitive(), []);
    await cluster.query(`GRANT SELECT ON public.customers TO steward WITH GRANT OPTION`);
    const adopted = (await c.query(`SELECT * FROM sec_check.adopt_pii_findings()`)).rows;
    assert.deepEqual(adopted, [{ schema_name: 'public', table_name: 'customers', column_name: 'email', label: 'pii: email' }]);
    assert.deepEqual(await sensitive(), [{ schema_name: 'public', table_name: 'customers', column_name: 'email', label: 'pii: email', source: 'pii_scan' }]);
    assert.deepEqual((await c.query(`SELECT * FROM sec_check.adopt_pii_findings()`)).rows, [], 'adopting again changes nothing');
    const e = await c.query(`SELECT * FROM sec_check.adopt_pii_findings(987654)`).then(() => null, (x) => x);
    assert.match(e?.message ?? 'accepted', /there is no PII scan 987654 of database postgres/);
  } finally { await c.end(); }
  const { c: other } = await session('auditor');
  try {
    const e = await other.query(`SELECT * FROM sec_check.adopt_pii_findings()`).then(() => null, (x) => x);
    assert.match(e?.message ?? 'allowed', /permission denied for function adopt_pii_findings/);
  } finally { await other.end(); }
});
