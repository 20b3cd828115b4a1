// The operations layer (lifecycle, drift, role drift, waivers, dashboard views) is plain
// SQL and PL/pgSQL: it must work on the oldest supported major too. sec_check itself needs
// a JavaScript language to install, which PostgreSQL 13 here does not have, so this test
// loads the extension's SQL files without the JS engine (as a schema, not an extension) and
// feeds it real `sec-check run` reports of a PostgreSQL 13 server through record_run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureInstall, startCluster, type Cluster } from '../../src/harness/index.ts';
import { CATALOG, cli, connArgs, REPO, tempPrefix } from './support.ts';
import { dashboardVariables, grafanaSql, loadDashboard } from './grafana-sql.ts';
// @ts-expect-error: a build script in plain JavaScript
import { expandIncludes } from '../../build/extension.mjs';

let pg13: Cluster;
type Row = Record<string, any>;

// needs a JS language (010, 060, 140), the build's pack (120), or CREATE EXTENSION (900)
const SKIP = /^(010|060|120|140|900)_/;

/** Loads the SQL files whose number is in [from, to) (and passes `keep`), like an install or upgrade script. */
async function loadSql(from: number, to: number, keep: (n: number) => boolean = () => true): Promise<void> {
  const c = await pg13.connect();
  try {
    const files = readdirSync(join(REPO, 'sql')).filter((f) => f.endsWith('.sql') && !SKIP.test(f)
      && Number(f.slice(0, 3)) >= from && Number(f.slice(0, 3)) < to && keep(Number(f.slice(0, 3)))).sort();
    for (const file of files) {
      const text = expandIncludes(readFileSync(join(REPO, 'sql', file), 'utf8'), `sql/${file}`, join(REPO, 'checks/_lib/sql'))
        .replace(/^SELECT pg_catalog\.pg_extension_config_dump\(.*$/gm, ''); // only inside CREATE EXTENSION
      await c.query(text).catch((e: Error) => { throw new Error(`${file}: ${e.message}`); });
    }
  } finally {
    await c.end();
  }
}

before(async () => {
  pg13 = await startCluster(await ensureInstall(13));
  // everything but the operations layer and compliance, whose views read its tables
  await loadSql(0, 900, (n) => n < 200 || (n >= 300 && n < 700) || n >= 800);
});
after(async () => { await pg13?.stop(); });

async function auditAndStore(): Promise<number> {
  const out = tempPrefix('pg13');
  const res = await cli(['run', ...connArgs(pg13), '--config', CATALOG, '--format', 'Json', '--output', out, '--fail-on', 'never']);
  assert.equal(res.code, 0, res.stderr);
  // PostgreSQL 13 has no JS language for run(): store the CLI's whole report the way run()
  // does (record_run keeps only host checks from an agent).
  const [{ id }] = await pg13.query(`SELECT sec_check.store_run($1::jsonb, 'database', session_user, now(), 'node', 'builtin', NULL) AS id`, [readFileSync(`${out}.json`, 'utf8')]);
  return Number(id);
}

test('PostgreSQL 13: lifecycle, drift, role drift, waivers and the dashboard views on real agent runs', async () => {
  assert.ok(pg13.versionNum < 140000);
  await pg13.alterSystem({ debug_print_parse: 'off' }, 'reload');
  const clean = await auditAndStore();
  // the operations layer arrives later, as in an upgrade from 0.1.0: stored runs are folded in
  await loadSql(200, 300);
  await loadSql(700, 800);
  const [backfilled] = await pg13.query('SELECT run_id, total FROM sec_check.run_summary');
  assert.equal(backfilled?.run_id, String(clean));
  assert.ok(backfilled.total > 50);
  const mid = await auditAndStore(); // the first run with a role snapshot
  await pg13.alterSystem({ debug_print_parse: 'on' }, 'reload');
  await pg13.query('CREATE ROLE shadow_admin SUPERUSER');
  const broken = await auditAndStore();

  const drift: Row[] = await pg13.query('SELECT * FROM sec_check.drift()');
  assert.deepEqual(drift.map((r) => [r.from_run_id, r.to_run_id])[0], [String(mid), String(broken)]);
  assert.equal(drift.find((r) => r.check_id === 'debug_print_parse')?.change, 'new_finding');
  const [f] = await pg13.query(`SELECT state, status FROM sec_check.findings WHERE check_id = 'debug_print_parse'`);
  assert.deepEqual(f, { state: 'open', status: 'Warning' });
  const roles: Row[] = await pg13.query('SELECT role_name, change FROM sec_check.role_drift WHERE run_id = $1', [broken]);
  assert.ok(roles.some((r) => r.role_name === 'shadow_admin' && r.change === 'superuser_granted'), JSON.stringify(roles));

  await pg13.query(`SELECT sec_check.waive('debug_print_parse', 'debug session', now() + interval '1 hour')`);
  assert.equal((await pg13.query(`SELECT state FROM sec_check.findings WHERE check_id = 'debug_print_parse'`))[0].state, 'waived');

  const dash = loadDashboard();
  const vars = await dashboardVariables((sql) => pg13.query(sql), dash);
  for (const p of dash.panels) for (const t of p.targets ?? []) await pg13.query(grafanaSql(t.rawSql, vars)).catch((e) => assert.fail(`${p.title}: ${e.message}`));
  const [sum] = await pg13.query('SELECT origin, runtime, total, score FROM sec_check.run_summary WHERE run_id = $1', [broken]);
  assert.equal(sum.origin, 'database');
  assert.ok(sum.total > 50 && sum.score !== null);
  assert.ok((await pg13.query('SELECT * FROM sec_check.score_by_group')).length >= 5);
  assert.deepEqual(await pg13.query('SELECT * FROM sec_check.schedules'), []);
});
