// sec_check living in the database (issue 9), on PostgreSQL 18 + pljs + a real pg_cron (and
// on 15 with bookworm's pg_cron 1.4 through pg15/operations.test.ts): scheduled audits, the
// finding lifecycle, drift, role drift, waivers (also in the CLI's exit code), alerts and
// their catch-up, retention, and the Grafana dashboard's queries.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import { startCluster, type Cluster } from '../../src/harness/index.ts';
import { RUNS_CATCH_UP_SQL, RUNS_CHANNEL, type RunNotification } from '../../src/ddl-trail/run-notifications.ts';
import { cli, CLI, connArgs, configOf, pljsInstall, REPO, tempPrefix, testMajor, writePack } from './support.ts';
import { dashboardVariables, grafanaSql, loadDashboard } from './grafana-sql.ts';

/** the server under test: PostgreSQL 18, or testMajor() under a per-major wrapper */
let pg18: Cluster;
type Row = Record<string, any>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  const install = await pljsInstall();
  assert.ok(install.extensions.includes('pg_cron'), `the PG ${install.major} tree has pg_cron`);
  pg18 = await startCluster(install, { sharedPreload: ['pg_cron'], settings: { 'cron.database_name': 'postgres' } });
  // pg_cron's jobs connect through libpq: point them at this cluster's socket
  await pg18.alterSystem({ 'cron.host': pg18.socketDir }, 'restart');
  await pg18.query('CREATE EXTENSION pljs');
  await pg18.query('CREATE EXTENSION sec_check');
  await pg18.query('CREATE EXTENSION pg_cron');
});
after(async () => { await pg18?.stop(); });

/** Runs the in-database audit of some groups and returns the run id. */
async function runGroups(groups: string[], client?: pg.Client): Promise<number> {
  const sql = 'SELECT max(run_id) AS id FROM sec_check.run($1::text[])';
  const rows = client ? (await client.query(sql, [groups])).rows : await pg18.query(sql, [groups]);
  return Number(rows[0].id);
}

async function setDebugPrintParse(on: boolean): Promise<void> {
  await pg18.alterSystem({ debug_print_parse: on ? 'on' : 'off' }, 'reload');
}

async function finding(checkId: string): Promise<Row | undefined> {
  return (await pg18.query(`SELECT * FROM sec_check.findings WHERE check_id = $1 AND pack = 'PostgreSQL security audit'`, [checkId]))[0];
}

test('without pg_cron in the database, schedule() says what to install and set; schedules still reads', async () => {
  await pg18.query('CREATE DATABASE nocron');
  const c = await pg18.connect('postgres', 'nocron');
  try {
    await c.query('CREATE EXTENSION pljs');
    await c.query('CREATE EXTENSION sec_check');
    const err = await c.query(`SELECT sec_check.schedule('nightly', '0 3 * * *')`).then(() => null, (e) => e);
    assert.ok(err, 'schedule() must fail without pg_cron');
    assert.match(err.message, /needs the pg_cron extension in database "nocron"/);
    assert.match(err.hint, /shared_preload_libraries = 'pg_cron'/);
    assert.match(err.hint, /cron\.database_name = 'nocron'/);
    assert.match(err.hint, new RegExp(`postgresql-${testMajor()}-cron`));
    assert.deepEqual((await c.query('SELECT * FROM sec_check.schedules')).rows, []);
  } finally {
    await c.end();
  }
});

test('a real pg_cron job scheduled with sec_check.schedule stores runs as the scheduling role', async () => {
  await pg18.query(`CREATE ROLE cron_auditor LOGIN PASSWORD 'first secret' IN ROLE pg_monitor, pg_read_all_settings`);
  await pg18.query(`SELECT sec_check.grant_audit_access('cron_auditor')`);
  await pg18.query(`SELECT sec_check.grant_schedule_access('cron_auditor')`);
  await pg18.query(`SELECT sec_check.grant_read_access('cron_auditor')`);
  const c = await pg18.connect('cron_auditor');
  // seconds schedules arrived in pg_cron 1.5; with an older one (bookworm's 1.4 for 15) a
  // job runs at the next minute boundary, so one stored run is waited for instead of two
  const [{ extversion }] = await pg18.query(`SELECT extversion FROM pg_extension WHERE extname = 'pg_cron'`);
  const [cronMajor, cronMinor] = String(extversion).split(/[.-]/).map(Number);
  const seconds = cronMajor > 1 || cronMinor >= 5;
  const [name, schedule, runs] = seconds ? ['every-2s', '2 seconds', 2] : ['every-min', '* * * * *', 1];
  try {
    if (!seconds) {
      await assert.rejects(c.query(`SELECT sec_check.schedule('every-2s', '2 seconds', ARRAY['logging'])`), /invalid schedule: 2 seconds/);
    }
    const job = (await c.query(`SELECT sec_check.schedule($1, $2, ARRAY['logging']) AS id`, [name, schedule])).rows[0].id;
    assert.ok(Number(job) > 0);
    const [cronJob] = await pg18.query('SELECT username, command FROM cron.job WHERE jobid = $1', [job]);
    assert.equal(cronJob.username, 'cron_auditor', 'the job runs as the role that scheduled it');
    assert.equal(cronJob.command, `SELECT sec_check.run_scheduled('${name}', '{logging}'::text[], 'en', 'builtin')`);

    let sched: Row | undefined;
    for (let i = 0; i < (seconds ? 60 : 80); i++) {
      [sched] = (await c.query(`SELECT * FROM sec_check.schedules WHERE name = $1`, [name])).rows;
      if (Number(sched?.runs_stored) >= runs && sched?.last_job_status) break;
      await sleep(1000);
    }
    assert.ok(sched, 'schedules lists the audit');
    assert.ok(Number(sched.runs_stored) >= runs, `the job stored runs: ${JSON.stringify(sched)}`);
    assert.equal(sched.cron_schedule, schedule);
    assert.deepEqual(sched.groups, ['logging']);
    assert.equal(sched.owner, 'cron_auditor');
    // the newest job may be under way (pg_cron's starting, connecting, sending, running); never failed
    assert.ok(['succeeded', 'running', 'starting', 'connecting', 'sending'].includes(sched.last_job_status), sched.last_job_status);
    const [run] = await pg18.query('SELECT run_by, groups, origin FROM sec_check.runs WHERE id = $1', [sched.last_run_id]);
    assert.deepEqual(run, { run_by: 'cron_auditor', groups: ['logging'], origin: 'database' });
    const [summary] = await pg18.query('SELECT schedule_name, total FROM sec_check.run_summary WHERE run_id = $1', [sched.last_run_id]);
    assert.equal(summary.schedule_name, name);
    assert.ok(summary.total > 10);

    assert.equal((await c.query(`SELECT sec_check.unschedule($1) AS ok`, [name])).rows[0].ok, true);
    assert.deepEqual((await c.query(`SELECT * FROM sec_check.schedules`)).rows, []);
    assert.equal((await pg18.query('SELECT count(*)::int AS n FROM cron.job'))[0].n, 0);
  } finally {
    // a failed assertion above must not leave the job storing runs under the later tests
    await c.query(`SELECT sec_check.unschedule($1)`, [name]).catch(() => undefined);
    await c.end();
  }
  // a job that was already running finishes before the next tests look at history
  for (let i = 0; i < 30; i++) {
    const [r] = await pg18.query(`SELECT count(*)::int AS n FROM cron.job_run_details WHERE status IN ('running', 'starting')`);
    if (r.n === 0) break;
    await sleep(500);
  }
});

test('lifecycle on real runs: new finding, fixed, reopened; other groups and Skipped change nothing', async () => {
  await setDebugPrintParse(false);
  const clean = await runGroups(['logging']);
  await setDebugPrintParse(true);
  const broken = await runGroups(['logging']);
  let drift: Row[] = await pg18.query('SELECT * FROM sec_check.drift($1, $2)', [clean, broken]);
  let d = drift.find((r) => r.check_id === 'debug_print_parse');
  assert.deepEqual([d?.from_status, d?.to_status, d?.change], ['Success', 'Warning', 'new_finding']);
  assert.ok(!drift.some((r) => r.from_status === 'Success' && r.to_status === 'Success'), 'unchanged passes are not listed');
  // default arguments: the newest run and the previous comparable one
  const dflt: Row[] = await pg18.query('SELECT * FROM sec_check.drift()');
  assert.equal(dflt[0].to_run_id, String(broken));
  assert.equal(dflt[0].from_run_id, String(clean));
  let f = await finding('debug_print_parse');
  assert.equal(f?.state, 'open');
  assert.equal(f?.status, 'Warning');
  assert.equal(f?.consecutive_runs, 1);
  assert.equal(f?.first_run_id, String(broken));
  const [notice] = await pg18.query('SELECT new_findings FROM sec_check.run_summary WHERE run_id = $1', [broken]);
  assert.ok(notice.new_findings >= 1);

  // a run of other groups does not touch the check
  await runGroups(['connections']);
  assert.equal((await finding('debug_print_parse'))?.state, 'open');

  await setDebugPrintParse(false);
  const fixed = await runGroups(['logging']);
  drift = await pg18.query('SELECT * FROM sec_check.drift($1, $2)', [broken, fixed]);
  d = drift.find((r) => r.check_id === 'debug_print_parse');
  assert.equal(d?.change, 'fixed');
  f = await finding('debug_print_parse');
  assert.equal(f?.state, 'fixed');
  assert.equal(f?.fixed_run_id, String(fixed));
  assert.equal(f?.consecutive_runs, 0);

  await setDebugPrintParse(true);
  const again = await runGroups(['logging']);
  f = await finding('debug_print_parse');
  assert.equal(f?.state, 'reopened');
  assert.equal(f?.reopened_count, 1);
  assert.equal(f?.first_run_id, String(broken), 'first_seen stays the first time it failed');
  const still = await runGroups(['logging']);
  drift = await pg18.query('SELECT * FROM sec_check.drift($1, $2)', [again, still]);
  assert.equal(drift.find((r) => r.check_id === 'debug_print_parse')?.change, 'still_failing');
  assert.equal((await finding('debug_print_parse'))?.consecutive_runs, 2);

  // drift against a run without the check: no_longer_checked
  const other = await runGroups(['connections']);
  drift = await pg18.query('SELECT * FROM sec_check.drift($1, $2)', [still, other]);
  assert.equal(drift.find((r) => r.check_id === 'debug_print_parse')?.change, 'no_longer_checked');
  const err = await pg18.query('SELECT * FROM sec_check.drift(999999, NULL)').then(() => null, (e) => e);
  assert.match(err?.message ?? '', /no stored run 999999/);
});

test('waivers: refused without reason or with a past expiry; waived in views and the CLI exit code until expiry', async () => {
  await setDebugPrintParse(true);
  await runGroups(['logging']);
  const bad = [
    [`SELECT sec_check.waive('debug_print_parse', '', now() + interval '1 day')`, /needs a reason/],
    [`SELECT sec_check.waive('debug_print_parse', 'ok', now() - interval '1 second')`, /must be in the future/],
    [`SELECT sec_check.waive('no_such_check', 'ok', now() + interval '1 day')`, /unknown check "no_such_check"/],
  ] as const;
  for (const [sql, msg] of bad) {
    const e = await pg18.query(sql).then(() => null, (x) => x);
    assert.match(e?.message ?? 'no error', msg, sql);
  }
  assert.equal((await pg18.query('SELECT count(*)::int AS n FROM sec_check.waivers'))[0].n, 0, 'nothing half-written');

  // a one-check pack for the CLI: fails on Warning unless waived
  const config = writePack({
    'config.json': configOf('logging', [{ id: 'debug_print_parse', name: 'debug_print_parse Config',
      executors: [{ script: 'q.sql' }], validators: [{ script: 'v.lua' }] }]),
    'q.sql': `SELECT setting FROM pg_settings WHERE name = 'debug_print_parse'`,
    'v.lua': `function validate_result()
  local s = sql_results[1].setting
  if s == 'on' then return { status = "Warning", short_description = "debug_print_parse is on", full_description = "", recommendation = "" } end
  return { status = "Success", short_description = "off", full_description = "", recommendation = "" }
end
`,
  });
  const cliRun = () => cli(['run', ...connArgs(pg18), '--config', config, '--format', 'Json', '--output', tempPrefix('w'), '--fail-on', 'Warning']);
  const before = await cliRun();
  assert.equal(before.code, 1, before.stdout + before.stderr);

  const expires = new Date(Date.now() + 15000);
  await pg18.query(`SELECT sec_check.waive('debug_print_parse', 'accepted until the debug session ends', $1)`, [expires]);
  let f = await finding('debug_print_parse');
  assert.equal(f?.state, 'waived');
  assert.equal(f?.status, 'Warning', 'the real status is kept');
  assert.equal(f?.waiver_reason, 'accepted until the debug session ends');
  const waivedRun = await runGroups(['logging']);
  const [res] = await pg18.query(`SELECT status FROM sec_check.results WHERE run_id = $1 AND check_id = 'debug_print_parse'`, [waivedRun]);
  assert.equal(res.status, 'Warning', 'results keep the real status');
  const [sum] = await pg18.query('SELECT waived, score, success, warning, error, failed FROM sec_check.run_summary WHERE run_id = $1', [waivedRun]);
  assert.equal(sum.waived, 1);
  const expected = Math.floor((1000 * sum.success) / (sum.success + sum.warning + sum.error + sum.failed - 1)) / 10;
  assert.equal(Number(sum.score), expected, 'the score leaves the waived finding out');
  const drift: Row[] = await pg18.query('SELECT * FROM sec_check.drift()');
  assert.equal(drift.find((r) => r.check_id === 'debug_print_parse')?.waived, true);

  const during = await cliRun();
  assert.equal(during.code, 0, during.stdout + during.stderr);
  assert.match(during.stdout, /WAIVED\s+logging\/debug_print_parse \(Warning\).*accepted until the debug session ends/);

  await sleep(Math.max(0, expires.getTime() - Date.now()) + 500);
  f = await finding('debug_print_parse');
  assert.equal(f?.state, 'reopened', 'an expired waiver stops applying by itself');
  const afterExpiry = await cliRun();
  assert.equal(afterExpiry.code, 1, afterExpiry.stdout);

  await pg18.query(`SELECT sec_check.waive('debug_print_parse', 'again', now() + interval '1 hour', 'postgres')`);
  assert.equal((await finding('debug_print_parse'))?.state, 'waived');
  assert.equal((await pg18.query(`SELECT sec_check.unwaive('debug_print_parse', 'postgres') AS n`))[0].n, 1);
  assert.equal((await finding('debug_print_parse'))?.state, 'reopened');
  const [trail] = await pg18.query(`SELECT count(*)::int AS n FROM sec_check.waivers WHERE revoked_by = 'postgres'`);
  assert.equal(trail.n, 1, 'unwaive keeps the row as history');
});

test('role drift: a new superuser and a password change, never the verifier', async () => {
  const before = await runGroups(['installation']);
  await pg18.query(`CREATE ROLE sneaky_admin SUPERUSER LOGIN`);
  await pg18.query(`ALTER ROLE cron_auditor PASSWORD 'second secret'`);
  await pg18.query(`GRANT pg_read_server_files TO cron_auditor`);
  const afterRun = await runGroups(['installation']);
  const drift: Row[] = await pg18.query('SELECT * FROM sec_check.role_drift WHERE run_id = $1 ORDER BY role_name, change', [afterRun]);
  assert.ok(drift.every((r) => r.previous_run_id === String(before)), JSON.stringify(drift));
  const has = (role: string, change: string) => drift.some((r) => r.role_name === role && r.change === change);
  assert.ok(has('sneaky_admin', 'role_created'), JSON.stringify(drift));
  assert.ok(has('sneaky_admin', 'superuser_granted'));
  assert.ok(has('cron_auditor', 'password_changed'));
  assert.ok(drift.some((r) => r.role_name === 'cron_auditor' && r.change === 'membership_granted' && r.detail === 'pg_read_server_files'));
  assert.ok(!has('postgres', 'password_changed'), 'unchanged roles are quiet');

  const [{ rolpassword }] = await pg18.query(`SELECT rolpassword FROM pg_authid WHERE rolname = 'cron_auditor'`);
  assert.match(rolpassword, /^SCRAM-SHA-256\$/);
  const verifierParts = rolpassword.split(/[$:]/).filter((p: string) => p.length >= 16);
  const stored = JSON.stringify(await pg18.query('SELECT * FROM sec_check.role_snapshots'))
    + JSON.stringify(await pg18.query('SELECT * FROM sec_check.role_drift'));
  for (const part of verifierParts) assert.ok(!stored.includes(part), 'no part of the verifier is stored');
  assert.ok(!stored.includes('second secret'));
});

test('alerts: every stored run notifies channel sec_check with its id only; run_notification and the catch-up give the details', async () => {
  const listener = await pg18.connect();
  const got: string[] = [];
  listener.on('notification', (n) => { if (n.channel === RUNS_CHANNEL && n.payload) got.push(n.payload); });
  await listener.query(`LISTEN ${RUNS_CHANNEL}`);
  const start = Number((await listener.query('SELECT coalesce(max(id), 0) AS id FROM sec_check.runs')).rows[0].id);
  await setDebugPrintParse(false);
  await runGroups(['logging']);
  await setDebugPrintParse(true);
  const broke = await runGroups(['logging']);
  for (let i = 0; i < 50 && got.length < 2; i++) await sleep(100);
  assert.equal(got.length, 2);
  // any role may LISTEN: the payload names the run and nothing else
  const ids = got.map((p) => JSON.parse(p));
  assert.deepEqual(ids[1], { run_id: broke });
  assert.ok(ids.every((p) => Object.keys(p).join() === 'run_id'));
  const live: RunNotification[] = [];
  for (const { run_id } of ids) live.push((await listener.query('SELECT sec_check.run_notification($1) AS n', [run_id])).rows[0].n);
  assert.equal(live[1].run_id, broke);
  assert.deepEqual(live[1].new_findings, ['debug_print_parse']);
  assert.equal(live[1].counts.Warning > 0, true);
  assert.ok(Buffer.byteLength(JSON.stringify(live[1])) < 8000);
  // what a listener that was away gets (sec-check listen's catch-up): the same documents
  const missed = (await listener.query(RUNS_CATCH_UP_SQL, [start, 100])).rows.map((r) => r.notification);
  assert.deepEqual(missed, live);
  await listener.end();
});

test('sec-check listen --exec: one command per run alert, and it survives a server restart', async () => {
  const out = tempPrefix('alerts') + '.jsonl';
  writeFileSync(out, '');
  const child = spawn(process.execPath, [CLI, 'listen', ...connArgs(pg18), '--exec', `cat >> '${out}'`],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b) => { stderr += b; });
  const lines = () => readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const waitFor = async (what: string, ok: () => boolean | Promise<boolean>) => {
    for (let i = 0; i < 120 && !(await ok()); i++) await sleep(250);
    assert.ok(await ok(), `${what}; stderr: ${stderr}`);
  };
  // the listener is ready once it has read where the runs stand (its first catch-up)
  const listening = async () => (await pg18.query(`SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE application_name = 'sec-check' AND state = 'idle' AND query LIKE '%FROM sec_check.runs%'`))[0].n === 1;
  try {
    // listening once its LISTEN session shows up
    await waitFor('listener connected', listening);
    const first = await runGroups(['installation']);
    await waitFor('first alert delivered', () => lines().some((n) => n.run_id === first));
    await pg18.restart();
    // stored while the listener is (probably) still reconnecting: caught up from sec_check.runs
    const second = await runGroups(['installation']);
    await waitFor('alert after restart delivered', () => lines().some((n) => n.run_id === second));
    const third = await runGroups(['installation']);
    await waitFor('live alert after reconnect', () => lines().some((n) => n.run_id === third));
    const ids = lines().map((n) => n.run_id);
    assert.deepEqual(ids, [first, second, third], 'each run exactly once, in order');
    assert.match(stderr, /reconnect/);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('close', r));
  }
});

test('retention: purge and the keep_days setting delete old runs; first_seen survives', async () => {
  const [f0] = await pg18.query(`SELECT first_seen, first_run_id FROM sec_check.findings WHERE check_id = 'debug_print_parse' AND pack = 'PostgreSQL security audit'`);
  // age every run but the newest three by 40 days
  const aged = await pg18.query(`UPDATE sec_check.runs SET finished_at = finished_at - interval '40 days', started_at = started_at - interval '40 days'
                     WHERE id NOT IN (SELECT id FROM sec_check.runs ORDER BY id DESC LIMIT 3) RETURNING id`);
  assert.ok(aged.length > 3);
  assert.equal((await pg18.query(`SELECT sec_check.purge(interval '30 days') AS n`))[0].n, String(aged.length));
  assert.equal((await pg18.query(`SELECT count(*)::int AS n FROM sec_check.runs WHERE id = $1`, [f0.first_run_id]))[0].n, 0);
  const [f1] = await pg18.query(`SELECT first_seen FROM sec_check.findings WHERE check_id = 'debug_print_parse' AND pack = 'PostgreSQL security audit'`);
  assert.deepEqual(f1.first_seen, f0.first_seen);
  const e = await pg18.query(`SELECT sec_check.purge(interval '-1 day')`).then(() => null, (x) => x);
  assert.match(e?.message ?? '', /positive interval/);

  await pg18.query(`UPDATE sec_check.runs SET finished_at = finished_at - interval '10 days'`);
  // retention is the extension owner's setting; a session's SET sec_check.keep_days is ignored
  await pg18.query(`SELECT sec_check.configure('keep_days', '5')`);
  const c = await pg18.connect();
  try {
    const id = await runGroups(['installation'], c);
    const left = await c.query('SELECT id FROM sec_check.runs ORDER BY id');
    assert.deepEqual(left.rows.map((r) => Number(r.id)), [id], 'keep_days applied after the run');
  } finally {
    await c.end();
    await pg18.query(`SELECT sec_check.configure('keep_days', NULL)`);
  }
});

test('Grafana dashboard: every variable and panel query runs on a read-only dashboard role', async () => {
  await setDebugPrintParse(false);
  await runGroups(['logging']);
  await runGroups(['logging']);
  await pg18.query(`CREATE ROLE grafana LOGIN`);
  await pg18.query(`SELECT sec_check.grant_read_access('grafana')`);
  const dash = loadDashboard();
  const queries: { title: string; sql: string }[] = dash.panels.flatMap((p: Row) =>
    (p.targets ?? []).map((t: Row) => ({ title: p.title, sql: t.rawSql })));
  assert.ok(queries.length >= 14);
  // every time series and history panel follows the dashboard's time range
  for (const p of dash.panels.filter((x: Row) => x.type === 'timeseries' || /changed|Runs|Role changes/.test(x.title))) {
    assert.match(p.targets![0].rawSql, /\$__timeFilter\(/, p.title);
  }
  // units and thresholds where a number is shown
  for (const p of dash.panels.filter((x: Row) => x.type === 'stat' || x.type === 'timeseries' || x.type === 'bargauge')) {
    assert.ok(p.fieldConfig?.defaults?.unit, `${p.title} has a unit`);
  }
  for (const p of dash.panels.filter((x: Row) => x.type === 'stat')) assert.ok(p.fieldConfig?.defaults?.thresholds?.steps?.length >= 2, `${p.title} has thresholds`);
  const c = await pg18.connect('grafana');
  try {
    const vars = await dashboardVariables(async (sql) => (await c.query(sql)).rows, dash);
    assert.deepEqual(Object.keys(vars), ['scope', 'pack', 'coverage', 'server']);
    for (const q of queries) {
      const r = await c.query(grafanaSql(q.sql, vars)).catch((e) => assert.fail(`${q.title}: ${e.message}`));
      // the Fleet panels read a central database (fleet-collect.test.ts runs them with servers)
      if (!/Role changes|Scheduled audits|Waived|What changed|Skipped|^Fleet: /.test(q.title)) assert.ok(r.rowCount! > 0, `${q.title} returns rows`);
    }
    // read-only: no audits, no waivers, no raw tables
    for (const sql of [`SELECT * FROM sec_check.run()`, `SELECT sec_check.waive('x', 'y', now() + interval '1 day')`,
                       `SELECT * FROM sec_check.results`, `SELECT * FROM sec_check.role_snapshots`,
                       `SELECT sec_check.configure('keep_days', '1')`]) {
      const e = await c.query(sql).then(() => null, (x) => x);
      assert.match(e?.message ?? 'allowed', /permission denied/, sql);
    }
  } finally {
    await c.end();
  }
});

test('nothing new is open to PUBLIC and every new object has a comment', async () => {
  const open: Row[] = await pg18.query(`
    SELECT p.oid::regprocedure::text AS fn FROM pg_proc p
     WHERE p.pronamespace = 'sec_check'::regnamespace AND has_function_privilege('public', p.oid, 'EXECUTE')`);
  assert.deepEqual(open, []);
  const uncommented: Row[] = await pg18.query(`
    SELECT c.relname FROM pg_class c
     WHERE c.relnamespace = 'sec_check'::regnamespace AND c.relkind IN ('r', 'v', 'i')
       AND obj_description(c.oid, 'pg_class') IS NULL AND c.relname !~ '_pkey$'`);
  assert.deepEqual(uncommented.filter((r) => !['results_check_idx'].includes(r.relname)), []);
  const dumped: Row[] = await pg18.query(`
    SELECT unnest(extconfig)::regclass::text AS t FROM pg_extension WHERE extname = 'sec_check'`);
  for (const t of ['sec_check.check_state', 'sec_check.waivers', 'sec_check.role_snapshots', 'sec_check.scheduled_audits']) {
    assert.ok(dumped.some((r) => r.t === t), `${t} is kept by pg_dump`);
  }
});
