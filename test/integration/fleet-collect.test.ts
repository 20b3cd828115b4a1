// `sec-check fleet --collect` on real servers: three databases on two clusters store their own
// runs (sec_check.run(), as scheduled audits do, one by a non-superuser auditor), and the
// collector copies them into a central database as roles with only the grants it documents
// (grant_fleet_source_access on the servers, grant_fleet_collector_access on the central
// side): every run, result and finding once, byte for byte; a second pass copies nothing; a
// new run is copied alone; a collection that fails half-way resumes after its last committed
// batch; the central views answer "current state per server", "score trend", "which servers
// have this finding" and "stale servers", and the Grafana panels with the server variable run
// as a fleet read role. Refusals and bad input are one line naming what is wrong.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import type pg from 'pg';
import type { Cluster } from '../../src/harness/index.ts';
import { collectServer } from '../../src/fleet/collect.ts';
import type { InventoryServer } from '../../src/fleet/inventory.ts';
import { cli, startWithSecCheck, tempPrefix } from './support.ts';
import { grafanaSql, loadDashboard } from './grafana-sql.ts';

let a: Cluster;
let b: Cluster;
let central: pg.Client;
const sources = () => [
  { name: 'a-postgres', cluster: a, database: 'postgres' },
  { name: 'a-app', cluster: a, database: 'app' },
  { name: 'b-postgres', cluster: b, database: 'postgres' },
];
const into = () => `postgresql://collector_central@/central?host=${encodeURIComponent(a.socketDir)}&port=${a.port}`;

async function onSource(cluster: Cluster, database: string, sql: string, user = 'postgres'): Promise<any[]> {
  const c = await cluster.connect(user, database);
  try { return (await c.query(sql)).rows; } finally { await c.end(); }
}

function inventory(servers: { name: string; cluster: Cluster | { socketDir: string; port: number }; database: string; user?: string }[]): string {
  const file = tempPrefix('inventory.toml');
  writeFileSync(file, servers.map((s) => `[[servers]]\nname = ${JSON.stringify(s.name)}\nhost = ${JSON.stringify(s.cluster.socketDir)}\nport = ${s.cluster.port}\ndatabase = ${JSON.stringify(s.database)}\nuser = ${JSON.stringify(s.user ?? 'collector')}\n`).join('\n'));
  return file;
}

before(async () => {
  [a, b] = await Promise.all([startWithSecCheck(), startWithSecCheck()]);
  await a.query('CREATE DATABASE app');
  await a.query('CREATE DATABASE central');
  for (const s of [{ cluster: a, database: 'app' }, { cluster: a, database: 'central' }]) {
    await onSource(s.cluster, s.database, 'CREATE EXTENSION pljs; CREATE EXTENSION sec_check');
  }
  for (const c of [a, b]) await c.query(`CREATE ROLE collector LOGIN; CREATE ROLE auditor LOGIN`);
  for (const s of sources()) {
    await onSource(s.cluster, s.database, `SELECT sec_check.grant_fleet_source_access('collector'); SELECT sec_check.grant_audit_access('auditor')`);
    await onSource(s.cluster, s.database, `SELECT count(*) FROM sec_check.run(ARRAY['logging'])`);
    await onSource(s.cluster, s.database, `SELECT count(*) FROM sec_check.run(ARRAY['logging', 'settings'])`);
  }
  // a run only its auditor (and evidence readers) may see: row-level security
  await onSource(a, 'postgres', `SELECT count(*) FROM sec_check.run(ARRAY['logging'])`, 'auditor');
  // past run id 9 in one batch: ids are ordered as numbers, not as text
  for (let i = 0; i < 9; i++) {
    await onSource(a, 'postgres', `SELECT sec_check.store_run(sec_check.report_json(1), 'database', current_user, now(), 'pljs', 'builtin', NULL)`);
  }
  await a.query(`CREATE ROLE collector_central LOGIN`);
  central = await a.connect('postgres', 'central');
  await central.query(`SELECT sec_check.grant_fleet_collector_access('collector_central')`);
});
after(async () => {
  await central?.end();
  await Promise.all([a?.stop(), b?.stop()]);
});

/** What central holds for one source, compared field by field with what the source stored. */
async function assertCopied(s: { cluster: Cluster; database: string }) {
  const [id] = await onSource(s.cluster, s.database, 'SELECT * FROM sec_check.server_identity()');
  const src = await onSource(s.cluster, s.database, `SELECT id AS run_id, finished_at::text, md5(report::text) AS report,
      (SELECT md5(string_agg(x.ordinal || x.status || x.short_description || x.raw::text, '|' ORDER BY x.ordinal)) FROM sec_check.results x WHERE x.run_id = r.id) AS results
    FROM sec_check.runs r ORDER BY id`);
  const got = (await central.query(`SELECT run_id, finished_at::text, md5(report::text) AS report,
      (SELECT md5(string_agg(x.ordinal || x.status || x.short_description || x.raw::text, '|' ORDER BY x.ordinal)) FROM sec_check.fleet_results x
        WHERE (x.system_identifier, x.database_name, x.run_id) = (r.system_identifier, r.database_name, r.run_id)) AS results
    FROM sec_check.fleet_runs r WHERE system_identifier = $1 AND database_name = $2 ORDER BY run_id`, [id.system_identifier, id.database_name])).rows;
  assert.deepEqual(got, src, `${s.database}: every run and result, to the microsecond and byte`);
  return id;
}

test('every server\'s runs, results and findings copied once, as least-privileged roles; a second pass copies nothing', async () => {
  const inv = inventory(sources());
  const first = await cli(['fleet', '--collect', '--inventory', inv, '--into', into(), '--concurrency', '2']);
  assert.equal(first.code, 0, first.stdout + first.stderr);
  let total = 0;
  for (const s of sources()) total += (await onSource(s.cluster, s.database, 'SELECT count(*)::int AS n FROM sec_check.runs'))[0].n;
  assert.equal(total, 16);
  assert.match(first.stdout, new RegExp(`^collected ${total} runs, \\d+ results, \\d+ findings from 3 servers into central in [\\d.]+ s \\(\\d+ rows/s\\); 0 had nothing new, 0 failed$`, 'm'));
  const ids = [];
  for (const s of sources()) ids.push(await assertCopied(s));
  assert.equal(new Set(ids.map((i) => i.system_identifier)).size, 2, 'two clusters');
  const findings = await central.query(`SELECT database_name, count(*)::int AS n FROM sec_check.fleet_findings GROUP BY 1 ORDER BY 1`);
  assert.equal(findings.rows.length, 2, 'postgres (two clusters) and app');
  const counts = async () => (await central.query(`SELECT (SELECT count(*) FROM sec_check.fleet_runs)::int AS runs,
    (SELECT count(*) FROM sec_check.fleet_results)::int AS results, (SELECT count(*) FROM sec_check.fleet_findings)::int AS findings`)).rows[0];
  const before = await counts();
  const second = await cli(['fleet', '--collect', '--inventory', inv, '--into', into()]);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stdout, /^collected 0 runs, 0 results, 0 findings from 3 servers .*; 3 had nothing new, 0 failed$/m);
  assert.deepEqual(await counts(), before);
  // one new run on one server: exactly that run comes over
  await onSource(b, 'postgres', `SELECT count(*) FROM sec_check.run(ARRAY['logging'])`);
  const third = await cli(['fleet', '--collect', '--inventory', inv, '--into', into()]);
  assert.match(third.stdout, /^collected 1 runs, \d+ results, \d+ findings from 3 servers .*; 2 had nothing new, 0 failed$/m);
  assert.match(third.stdout, /collected\s+b-postgres: 1 runs/);
  await assertCopied(sources()[2]);
});

test('the collector\'s roles can do nothing else: no reading or changing central rows, no writing on the servers', async () => {
  const c = await a.connect('collector_central', 'central');
  try {
    for (const sql of ['SELECT * FROM sec_check.fleet_runs', 'DELETE FROM sec_check.fleet_results', 'UPDATE sec_check.fleet_runs SET score = 100',
      'SELECT * FROM sec_check.fleet_current', 'TRUNCATE sec_check.fleet_findings']) {
      const e = await c.query(sql).then(() => null, (x: Error) => x);
      assert.match(e?.message ?? 'allowed', /permission denied/, sql);
    }
  } finally { await c.end(); }
  const s = await a.connect('collector', 'postgres');
  try {
    for (const sql of [`INSERT INTO sec_check.waivers (check_id, reason, expires_at) VALUES ('x', 'y', now() + interval '1 day')`,
      'DELETE FROM sec_check.runs', `SELECT count(*) FROM sec_check.run()`, `SELECT sec_check.waive('log_connections', 'x', now() + interval '1 day')`]) {
      const e = await s.query(sql).then(() => null, (x: Error) => x);
      assert.match(e?.message ?? 'allowed', /permission denied/, sql);
    }
  } finally { await s.end(); }
});

test('a collection that fails half-way resumes after its last committed batch: nothing lost, nothing twice', async () => {
  // four more runs on a:app, then a central trigger that refuses the third of them
  for (let i = 0; i < 4; i++) await onSource(a, 'app', `SELECT count(*) FROM sec_check.run(ARRAY['installation'])`);
  const [{ max }] = await onSource(a, 'app', 'SELECT max(id)::int AS max FROM sec_check.runs');
  const poison = max - 1;
  await central.query(`CREATE FUNCTION public.poison() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF NEW.run_id = ${poison} AND NEW.database_name = 'app' THEN RAISE EXCEPTION 'disk full (simulated)'; END IF; RETURN NEW; END $$;
    CREATE TRIGGER poison BEFORE INSERT ON sec_check.fleet_results FOR EACH ROW EXECUTE FUNCTION public.poison()`);
  const server: InventoryServer = { name: 'a-app', host: a.socketDir, port: a.port, database: 'app', user: 'collector', password: undefined, tags: [], groups: null };
  const opts = { central: { host: a.socketDir, port: a.port, user: 'collector_central', database: 'central' }, statementTimeoutMs: 60_000, batchRuns: 1 };
  const failed = await collectServer(server, opts);
  assert.equal(failed.status, 'error');
  assert.match(failed.error!, /disk full \(simulated\)/);
  assert.equal(failed.to_run_id, poison - 1, 'the batches before the failing one committed');
  const [{ w }] = (await central.query(`SELECT sec_check.fleet_watermark(system_identifier, 'app')::int AS w FROM sec_check.server_identity()`)).rows;
  assert.equal(w, poison - 1);
  await central.query('DROP TRIGGER poison ON sec_check.fleet_results; DROP FUNCTION public.poison()');
  const resumed = await collectServer(server, opts);
  assert.equal(resumed.status, 'collected', resumed.error ?? '');
  assert.equal(resumed.from_run_id, poison - 1);
  assert.equal(resumed.runs, 2, 'the failed run and the one after it');
  await assertCopied({ cluster: a, database: 'app' });
  assert.equal((await collectServer(server, opts)).status, 'up_to_date');
});

test('central views: current state per server, score trend, which servers have a finding, stale servers; Grafana panels with the server variable', async () => {
  const current = (await central.query(`SELECT server_name, runs::int, stale, open_findings::int, newest_run_id::int FROM sec_check.fleet_current ORDER BY server_name`)).rows;
  assert.deepEqual(current.map((r) => r.server_name), ['a-app', 'a-postgres', 'b-postgres']);
  assert.deepEqual(current.map((r) => r.stale), [false, false, false]);
  for (const s of sources()) {
    const [{ n, newest }] = await onSource(s.cluster, s.database, 'SELECT count(*)::int AS n, max(id)::int AS newest FROM sec_check.runs');
    const row = current.find((r) => r.server_name === s.name)!;
    assert.equal(row.runs, n, `${s.name}: runs`);
    assert.equal(row.newest_run_id, newest, `${s.name}: newest run`);
    const [{ open }] = await onSource(s.cluster, s.database, `SELECT count(*)::int AS open FROM sec_check.findings WHERE state IN ('open', 'reopened')`);
    assert.equal(row.open_findings, open, `${s.name}: open findings`);
  }
  // log_connections is off on every server: all three have that finding
  const having = (await central.query(`SELECT server_name FROM sec_check.fleet_finding_servers WHERE check_id = 'log_connections' ORDER BY 1`)).rows;
  assert.deepEqual(having.map((r) => r.server_name), ['a-app', 'a-postgres', 'b-postgres']);
  const trend = (await central.query(`SELECT count(*)::int AS n FROM sec_check.fleet_score_trend WHERE score IS NOT NULL`)).rows[0].n;
  assert.equal(trend, (await central.query('SELECT count(*)::int AS n FROM sec_check.fleet_runs')).rows[0].n);
  // the owner's setting decides (a session's SET is not read)
  await central.query(`SET sec_check.fleet_max_age = '1 second'`);
  await new Promise((r) => setTimeout(r, 1100)); // the clock itself
  assert.equal((await central.query('SELECT count(*)::int AS n FROM sec_check.fleet_stale')).rows[0].n, 0);
  await central.query(`SELECT sec_check.configure('fleet_max_age', '1 second')`);
  assert.equal((await central.query('SELECT count(*)::int AS n FROM sec_check.fleet_stale')).rows[0].n, 3);

  await a.query('CREATE ROLE fleet_dash LOGIN');
  await central.query(`SELECT sec_check.grant_fleet_read_access('fleet_dash')`);
  const dash = loadDashboard();
  const variable = dash.templating.list.find((v) => v.name === 'server');
  assert.ok(variable, 'the dashboard has a server variable');
  const panels = dash.panels.filter((p) => (p.targets ?? []).some((t) => t.rawSql.includes('${server:sqlstring}')));
  assert.ok(panels.length >= 4, 'fleet panels filter on the server variable');
  const c = await a.connect('fleet_dash', 'central');
  try {
    const names = (await c.query(variable.query)).rows.map((r: Record<string, unknown>) => Object.values(r)[0]);
    assert.deepEqual(names, ['a-app', 'a-postgres', 'b-postgres']);
    for (const p of panels) {
      for (const t of p.targets!) {
        // Grafana writes a multi-value variable with :sqlstring as a quoted list
        const sql = grafanaSql(t.rawSql.replace(/\$\{server:sqlstring\}/g, `'a-app','b-postgres'`), {});
        const rows = (await c.query(sql).catch((e: Error) => assert.fail(`${p.title}: ${e.message}`))).rows;
        assert.ok(rows.length > 0, `${p.title} returns rows`);
      }
    }
    const e = await c.query('SELECT * FROM sec_check.fleet_results').then(() => null, (x: Error) => x);
    assert.match(e?.message ?? 'allowed', /permission denied/, 'a dashboard role reads no evidence');
  } finally {
    await c.end();
    await central.query(`SELECT sec_check.configure('fleet_max_age', NULL)`);
  }
  assert.equal((await central.query('SELECT count(*)::int AS n FROM sec_check.fleet_stale')).rows[0].n, 0);
});

test('refusals and bad input: one line naming what is wrong; unreachable and ungranted servers do not stop the others', async () => {
  await b.query(`CREATE ROLE peeker LOGIN`);
  await onSource(b, 'postgres', `SELECT sec_check.grant_read_access('peeker'); GRANT SELECT ON sec_check.runs, sec_check.results TO peeker`);
  const inv = inventory([
    { name: 'no-grant', cluster: b, database: 'postgres', user: 'peeker' },
    { name: 'down', cluster: { socketDir: tempPrefix('no-server'), port: 5 }, database: 'postgres' },
    { name: 'ok', cluster: b, database: 'postgres' },
  ]);
  const res = await cli(['fleet', '--collect', '--inventory', inv, '--into', into()]);
  assert.equal(res.code, 1, res.stdout);
  assert.match(res.stdout, /refused\s+no-grant: .*grant_fleet_source_access\('peeker'\)/);
  assert.match(res.stdout, /unreachable\s+down: cannot connect \(.*no-server:5 as collector to database postgres\)/);
  assert.match(res.stdout, /up_to_date\s+ok: nothing new after run \d+/);
  assert.match(res.stdout, /; 1 had nothing new, 2 failed$/m);
  const usage: [string[], RegExp][] = [
    [['--collect', '--inventory', inv], /^sec-check fleet: --into CENTRAL is required with --collect/],
    [['--collect', '--inventory', inv, '--into', 'postgresql://u:secret@/central'], /^sec-check fleet: --into: a password in the URI is refused/],
    [['--collect', '--inventory', inv, '--into', 'postgresql:///central?sslcert=x'], /^sec-check fleet: --into: unknown parameter "sslcert"/],
    [['--collect', '--inventory', inv, '--into', 'mysql://x/y'], /^sec-check fleet: --into: not a postgresql:\/\/ URI/],
    [['--collect', '--inventory', inv, '--into', into(), '--output', 'x'], /^sec-check fleet: --output is not used by --collect/],
    [['--inventory', inv, '--into', into()], /^sec-check fleet: --into names the central database of --collect$/],
    [['--collect', '--inventory', inv, '--into', `postgresql://collector@/central?host=${encodeURIComponent(a.socketDir)}&port=${a.port}`],
      /^sec-check fleet: --into .*central as collector: permission denied .*grant_fleet_collector_access/],
  ];
  for (const [args, expected] of usage) {
    const r = await cli(['fleet', ...args]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr.trim(), expected);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.equal(r.stdout, '', 'nothing collected');
  }
});
