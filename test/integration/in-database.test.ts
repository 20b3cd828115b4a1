// The extension on PostgreSQL 18 + pljs (and on 15 through pg15/in-database.test.ts): run()
// in its three forms, stored runs and results, latest_results, and the same verdicts from
// `sec-check run` against the same server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Cluster } from '../../src/harness/index.ts';
import { STATUSES } from '../../src/core/vocabulary.ts';
import { CATALOG, cli, connArgs, startWithSecCheck, tempPrefix, testMajor } from './support.ts';

let pg: Cluster;
before(async () => { pg = await startWithSecCheck(); });
after(async () => { await pg?.stop(); });

type Row = Record<string, any>;

test('run() audits every group, stores one run and returns its rows', async () => {
  const rows: Row[] = await pg.query('SELECT * FROM sec_check.run()');
  assert.ok(rows.length >= 5, `expected the builtin catalog, got ${rows.length} rows`);
  const runIds = new Set(rows.map((r) => r.run_id));
  assert.equal(runIds.size, 1);
  const [run] = await pg.query('SELECT * FROM sec_check.runs WHERE id = $1', [[...runIds][0]]);
  assert.equal(run.origin, 'database');
  assert.equal(run.runtime, 'pljs');
  assert.equal(run.run_by, 'postgres');
  assert.equal(run.groups, null);
  assert.equal(Math.floor(run.server_version_num / 10000), testMajor());
  const stored = await pg.query('SELECT count(*)::int AS n FROM sec_check.results WHERE run_id = $1', [run.id]);
  assert.equal(stored[0].n, rows.length);
  for (const r of rows) assert.ok((STATUSES as readonly string[]).includes(r.status), r.status);
});

test('run(text) and run(text[]) limit the groups', async () => {
  const one: Row[] = await pg.query(`SELECT * FROM sec_check.run('connections')`);
  assert.ok(one.length > 0);
  assert.deepEqual([...new Set(one.map((r) => r.section))], ['connections']);
  const two: Row[] = await pg.query(`SELECT * FROM sec_check.run(ARRAY['logging', 'installation'])`);
  assert.deepEqual([...new Set(two.map((r) => r.section))].sort(), ['installation', 'logging']);
  const [run] = await pg.query('SELECT groups FROM sec_check.runs WHERE id = $1', [two[0].run_id]);
  assert.deepEqual(run.groups, ['logging', 'installation']);
});

test('a shell check inside the database is Skipped as needing the host agent, never Success', async () => {
  const rows: Row[] = await pg.query(`SELECT r.* FROM sec_check.run() r`);
  const raw: Row[] = await pg.query(`SELECT check_name, status, skip_reason, raw FROM sec_check.results WHERE run_id = $1`, [rows[0].run_id]);
  const shell = raw.filter((r) => r.raw.some((e: Row) => e.kind === 'shell'));
  assert.ok(shell.length >= 1, 'the catalog has at least one shell check');
  for (const r of shell) {
    assert.equal(r.status, 'Skipped', r.check_name);
    assert.equal(r.skip_reason, 'host_agent_required', r.check_name);
  }
});

test('in-database and CLI runs agree on every SQL check; the agent run is stored too', async () => {
  const dbRows: Row[] = await pg.query('SELECT * FROM sec_check.run()');
  const out = tempPrefix('agent');
  const res = await cli(['run', ...connArgs(pg), '--config', CATALOG, '--format', 'Json', '--output', out, '--store', '--fail-on', 'never']);
  assert.equal(res.code, 0, res.stderr);
  const report = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
  assert.equal(typeof report.run.id, 'number');
  const agentRun: Row[] = await pg.query('SELECT origin, runtime FROM sec_check.runs WHERE id = $1', [report.run.id]);
  assert.deepEqual(agentRun[0], { origin: 'agent', runtime: 'node' });

  const dbByName = new Map(dbRows.map((r) => [`${r.section}/${r.check_name}`, r]));
  let compared = 0;
  for (const r of report.results) {
    const key = `${r.section}/${r.name}`;
    const db = dbByName.get(key);
    assert.ok(db, `${key} missing from the in-database run`);
    if (r.executors.some((e: Row) => e.kind === 'shell')) {
      assert.notEqual(r.skip_reason, 'host_agent_required', `${key}: the agent runs shell checks`);
      continue;
    }
    assert.equal(db.status, r.status, `${key}: in-database ${db.status} vs CLI ${r.status}`);
    compared++;
  }
  assert.ok(compared >= 4, `compared ${compared} SQL checks`);
  assert.equal(report.results.length, dbRows.length);
});

test('latest_results prefers an evaluated verdict over a newer Skipped one', async () => {
  const out = tempPrefix('agent2');
  const res = await cli(['run', ...connArgs(pg), '--config', CATALOG, '--format', 'Json', '--output', out, '--store', '--fail-on', 'never']);
  assert.equal(res.code, 0, res.stderr);
  await pg.query('SELECT * FROM sec_check.run()'); // newer, with shell checks Skipped
  const latest: Row[] = await pg.query(`SELECT l.* FROM sec_check.latest_results l
    JOIN sec_check.results x ON x.run_id = l.run_id AND x.check_name = l.check_name AND x.section = l.section
    WHERE x.raw @> '[{"kind":"shell"}]'`);
  assert.ok(latest.length >= 1);
  for (const r of latest) {
    assert.equal(r.origin, 'agent', r.check_name);
    assert.notEqual(r.status, 'Skipped', r.check_name);
  }
});

test('report_json(run) rebuilds the stored document', async () => {
  const rows: Row[] = await pg.query(`SELECT * FROM sec_check.run('logging')`);
  const [{ doc }] = await pg.query('SELECT sec_check.report_json($1) AS doc', [rows[0].run_id]);
  assert.equal(doc.format, 'sec_check-report');
  assert.equal(doc.run.id, Number(rows[0].run_id));
  assert.equal(doc.results.length, rows.length);
  // run() returns its rows highest priority first; the document keeps catalog order
  const key = (r: Row) => `${r.check_id}:${r.status}:${r.priority}`;
  assert.deepEqual(doc.results.map(key).sort(), rows.map(key).sort());
});

test('types pljs cannot pass natively (int8, inet, uuid, bytea, 2-D arrays) reach Lua identically in both hosts', async () => {
  const { writePack, configOf } = await import('./support.ts');
  const config = writePack({
    'config.json': configOf('types', [{ name: 'types', executors: [{ script: 't.sql' }], validators: [{ script: 'v.lua' }] }]),
    't.sql': `SELECT 9007199254740993::int8::text AS big_exact, 42::int8 AS small_int8, 2.5::numeric AS num,
      '10.1.2.3/32'::inet AS addr, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS id, '1 day 2 hours'::interval AS span,
      '\\xdeadbeef'::bytea AS raw, ARRAY[[1,2],[3,4]] AS grid, '{"k": [1, null]}'::jsonb AS doc, NULL::text AS nothing,
      true AS yes, 'строка' AS cyrillic`,
    'v.lua': `function validate_result()
  local r = sql_results[1]
  local s = table.concat({ r.big_exact, math.type(r.small_int8), tostring(r.num), r.addr, r.id, r.span, r.raw,
    tostring(r.grid[2][1]), tostring(r.doc.k[1]), tostring(r.nothing), tostring(r.yes), r.cyrillic }, '|')
  return { status = "Info", short_description = s, full_description = "", recommendation = "" }
end
`,
  });
  const up = await cli(['pack', ...connArgs(pg), '--config', config, '--upload', 'types']);
  assert.equal(up.code, 0, up.stderr);
  const [db] = await pg.query(`SELECT short_description FROM sec_check.run(NULL, 'en', 'types')`);
  const out = tempPrefix('types');
  const res = await cli(['run', ...connArgs(pg), '--config', config, '--format', 'Json', '--output', out, '--fail-on', 'never']);
  assert.equal(res.code, 0, res.stderr);
  const agent = JSON.parse(readFileSync(`${out}.json`, 'utf8')).results[0];
  const expected = '9007199254740993|integer|2.5|10.1.2.3|a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11|1 day 02:00:00|\\xdeadbeef|3|1|nil|true|строка';
  assert.equal(db.short_description, expected);
  assert.equal(agent.short_description, expected);
});
