// Verdicts nobody can forge (issue 8, item 2) and evidence only for those allowed to read it
// (item 6): an auditor, an agent and a reader try, on PostgreSQL 18 + pljs, to store or
// show verdicts the server did not produce, and to read evidence of runs that are not theirs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import type { Cluster } from '../../src/harness/index.ts';
import { CATALOG, cli, configOf, connArgs, luaReturning, startPg18WithSecCheck, tempPrefix, writePack } from './support.ts';

type Row = Record<string, any>;
let cluster: Cluster;
let auditor: pg.Client;
let agent: pg.Client;
let superRun: number;
let superRows: Row[];

before(async () => {
  cluster = await startPg18WithSecCheck();
  await cluster.query(`CREATE ROLE auditor LOGIN; CREATE ROLE agent LOGIN; CREATE ROLE reader LOGIN; CREATE ROLE auditor2 LOGIN`);
  await cluster.query(`GRANT pg_monitor, pg_read_all_settings TO auditor, auditor2`);
  await cluster.query(`SELECT sec_check.grant_audit_access('auditor'), sec_check.grant_audit_access('auditor2'),
    sec_check.grant_agent_access('agent'), sec_check.grant_evidence_access('reader')`);
  // the real run an attacker would copy: the throwaway cluster trusts every connection, so there are Errors
  superRows = await cluster.query(`SELECT * FROM sec_check.run()`);
  superRun = Number(superRows[0].run_id);
  auditor = await cluster.connect('auditor');
  agent = await cluster.connect('agent');
});
after(async () => {
  await auditor?.end().catch(() => undefined);
  await agent?.end().catch(() => undefined);
  await cluster?.stop();
});

/** latest_results as the superuser sees it, keyed section/check_name. */
async function latest(): Promise<Map<string, Row>> {
  const rows: Row[] = await cluster.query('SELECT * FROM sec_check.latest_results');
  return new Map(rows.map((r) => [`${r.section}/${r.check_name}`, r]));
}

/** The forged document: a real report with every status Success and a date in 9999. */
function forge(doc: Row, extra: Row = {}): Row {
  return {
    ...doc,
    run: { ...doc.run, id: null, finished_at: '9999-12-31T00:00:00Z', started_at: '9999-12-30T00:00:00Z', run_by: 'postgres', origin: 'database', posted_by: 'postgres', runtime: 'pljs', ...extra },
    results: doc.results.map((r: Row) => ({ ...r, status: 'Success', skip_reason: null, short_description: 'all good' })),
  };
}

test('the issue\'s forgery fails: an auditor cannot post a copy of a real run with every status Success, dated 9999', async () => {
  const mine: Row[] = (await auditor.query(`SELECT * FROM sec_check.run('logging')`)).rows;
  const [{ doc }] = (await auditor.query('SELECT sec_check.report_json($1) AS doc', [mine[0].run_id])).rows;
  const real = await latest();
  const notSuccess = [...real.values()].filter((r) => r.status !== 'Success');
  assert.ok(notSuccess.some((r) => r.status === 'Error' && r.run_by === 'postgres'), 'the real runs have Errors');
  await assert.rejects(auditor.query('SELECT sec_check.record_run($1::jsonb)', [JSON.stringify(forge(doc))]), /permission denied for function record_run/);
  await assert.rejects(auditor.query(`SELECT sec_check.record_database_run($1::jsonb, 'builtin', 'postgres', now())`, [JSON.stringify(forge(doc))]),
    /only sec_check\.run\(\) records in-database runs/);
  const after = await latest();
  for (const [key, row] of real) assert.deepEqual([after.get(key)?.status, after.get(key)?.run_id], [row.status, row.run_id], `${key} still shows the real verdict`);
  const [{ n }] = await cluster.query(`SELECT count(*)::int AS n FROM sec_check.runs WHERE finished_at > now()`);
  assert.equal(n, 0, 'no run dated in the future');
});

test('forgery 2: the auditor calls the internal recording functions from its own code', async () => {
  // a PL/pgSQL function of its own, even one named run() with run()'s signature
  await auditor.query(`CREATE FUNCTION pg_temp.run(p text[], l text, p2 text) RETURNS bigint LANGUAGE plpgsql AS $$
    DECLARE v bigint; BEGIN v := sec_check.record_database_run('{"format":"sec_check-report","format_version":1,"results":[]}', 'builtin', 'postgres', now()); RETURN v; END $$`);
  await assert.rejects(auditor.query(`SELECT pg_temp.run(NULL, 'en', 'builtin')`), /only sec_check\.run\(\) records in-database runs/);
  await assert.rejects(auditor.query(`DO $$ BEGIN PERFORM sec_check.record_database_run('{}', 'builtin', 'postgres', now()); END $$`), /only sec_check\.run\(\) records/);
  await assert.rejects(auditor.query(`SELECT sec_check.store_run('{}', 'database', 'postgres', now(), 'pljs', 'builtin', 'x')`), /permission denied for function store_run/);
  await assert.rejects(agent.query(`SELECT sec_check.record_database_run('{}', 'builtin', 'postgres', now())`), /permission denied for function record_database_run/);
});

test('forgery 3: nobody but the owner writes runs, results or packs, or uploads a pack', async () => {
  for (const [client, who] of [[auditor, 'auditor'], [agent, 'agent']] as const) {
    await assert.rejects(client.query(`UPDATE sec_check.results SET status = 'Success'`), /permission denied/, who);
    await assert.rejects(client.query(`INSERT INTO sec_check.runs (started_at, finished_at, server_version, server_version_num, locale, run_by, origin, runtime, tool_version, report)
      VALUES (now(), 'infinity', '18', 180000, 'en', 'postgres', 'database', 'pljs', '0', '{}')`), /permission denied/, who);
    await assert.rejects(client.query(`DELETE FROM sec_check.runs`), /permission denied/, who);
    await assert.rejects(client.query(`UPDATE sec_check.packs SET pack = '{}'`), /permission denied/, who);
    await assert.rejects(client.query(`SELECT sec_check.upload_pack('mine', '{"config":{},"files":{}}')`), /permission denied for function upload_pack/, who);
  }
});

test('forgery 4: a pack row changed after upload does not run', async () => {
  const config = writePack({ 'config.json': configOf('tiny', [{ name: 'tiny', executors: [{ script: 'q.sql' }], validators: [{ script: 'v.lua' }] }]),
    'q.sql': 'SELECT 1 AS one', 'v.lua': luaReturning('Error') });
  const up = await cli(['pack', ...connArgs(cluster), '--config', config, '--upload', 'tiny']);
  assert.equal(up.code, 0, up.stderr);
  assert.match(up.stdout, /sha256 [0-9a-f]{64}/);
  const ok: Row[] = (await auditor.query(`SELECT status FROM sec_check.run(NULL, 'en', 'tiny')`)).rows;
  assert.deepEqual(ok.map((r) => r.status), ['Error']);
  // someone with write access to the table (not through upload_pack) turns the verdict into Success
  await cluster.query(`UPDATE sec_check.packs SET pack = jsonb_set(pack, '{files,v.lua}', to_jsonb(replace(pack #>> '{files,v.lua}', '"Error"', '"Success"'))) WHERE name = 'tiny'`);
  const runsBefore = (await cluster.query('SELECT count(*)::int AS n FROM sec_check.runs'))[0].n;
  await assert.rejects(auditor.query(`SELECT * FROM sec_check.run(NULL, 'en', 'tiny')`), /check pack "tiny" was changed after it was loaded \(sha256 mismatch\)/);
  // and so is a change to its side-effect allowance
  await cluster.query(`UPDATE sec_check.packs SET pack = jsonb_set(pack, '{files,v.lua}', to_jsonb(replace(pack #>> '{files,v.lua}', '"Success"', '"Error"'))), allow_side_effects = '{pg_reload_conf}' WHERE name = 'tiny'`);
  await assert.rejects(auditor.query(`SELECT * FROM sec_check.run(NULL, 'en', 'tiny')`), /sha256 mismatch/);
  assert.equal((await cluster.query('SELECT count(*)::int AS n FROM sec_check.runs'))[0].n, runsBefore);
  // the builtin pack cannot be replaced through upload either
  await assert.rejects(cluster.query(`SELECT sec_check.upload_pack('builtin', '{"config":{},"files":{}}')`), /is the builtin pack/);
});

test('forgery 5: engine() takes no inline pack', async () => {
  const pack = JSON.parse(readFileSync(CATALOG.replace(/config\.json$/, 'pack.json'), 'utf8'));
  const [{ build }] = (await auditor.query('SELECT sec_check.build_id() AS build')).rows;
  const [{ r }] = (await auditor.query(`SELECT sec_check.engine($1::jsonb) AS r`, [JSON.stringify({ op: 'run', pack, groups: null, locale: 'en', deadline_ms: null, build_id: build })])).rows;
  assert.match(r.sec_check_error, /inline packs are not accepted/);
  // as the superuser too: there is no inline path at all
  const [{ r: r2 }] = await cluster.query(`SELECT sec_check.engine($1::jsonb) AS r`, [JSON.stringify({ op: 'run', pack, build_id: build })]);
  assert.match(r2.sec_check_error, /inline packs are not accepted/);
});

test('forgery 6: an agent post cannot set its own times, run_by, posted_by or origin, nor fill SQL checks', async () => {
  const out = tempPrefix('agent');
  const res = await cli(['run', ...connArgs(cluster, 'agent'), '--config', CATALOG, '--format', 'Json', '--output', out, '--fail-on', 'never']);
  assert.equal(res.code, 0, res.stderr);
  const doc = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
  const hostChecks = doc.results.filter((r: Row) => r.executors.some((e: Row) => e.kind === 'shell' && !e.skipped));
  assert.ok(hostChecks.length >= 1, 'the catalog has host checks');
  const before = await latest();
  // a claim in the future is refused outright (it would also block the agent's later reports)
  await assert.rejects(agent.query('SELECT sec_check.record_run($1::jsonb)', [JSON.stringify(forge(doc))]), /run\.finished_at .* is ahead of the server's clock/);
  const claimed = new Date(Date.now() - 3_600_000).toISOString();
  const [{ id }] = (await agent.query('SELECT sec_check.record_run($1::jsonb) AS id', [JSON.stringify(forge(doc, { finished_at: claimed }))])).rows;
  const [run] = await cluster.query('SELECT * FROM sec_check.runs WHERE id = $1', [id]);
  assert.equal(run.origin, 'agent');
  assert.equal(run.run_by, 'agent');
  assert.equal(run.posted_by, 'agent');
  assert.equal(run.runtime, 'node');
  assert.ok(run.finished_at.getTime() <= Date.now() + 5000 && run.finished_at.getFullYear() < 9999, `finished_at ${run.finished_at}`);
  assert.equal(run.report.run.claimed.finished_at, claimed, 'the claim is kept, for reference only');
  assert.ok(run.finished_at.getTime() > Date.parse(claimed) + 3_000_000, 'the stored time is the server\'s');
  assert.equal(run.report.run.origin, 'agent');
  const stored: Row[] = await cluster.query('SELECT section, check_name FROM sec_check.results WHERE run_id = $1', [id]);
  assert.equal(stored.length, hostChecks.length, 'only the host checks were kept');
  // SQL checks keep their in-database verdicts
  const after = await latest();
  let sqlChecks = 0;
  for (const [key, row] of before) {
    if (row.origin !== 'database' || row.status === 'Skipped') continue;
    sqlChecks++;
    assert.equal(after.get(key)?.status, row.status, key);
    assert.equal(after.get(key)?.origin, 'database', key);
  }
  assert.ok(sqlChecks > 40, `${sqlChecks} SQL checks compared`);
  // a post of SQL checks only stores nothing
  const sqlOnly = { ...forge(doc), results: doc.results.filter((r: Row) => r.executors.every((e: Row) => e.kind === 'sql')).map((r: Row) => ({ ...r, status: 'Success' })) };
  await assert.rejects(agent.query('SELECT sec_check.record_run($1::jsonb)', [JSON.stringify(sqlOnly)]), /no host-check results to store/);
  // a SQL check relabelled as a shell check is still dropped: the stored pack says what it is
  const relabelled = { ...sqlOnly, results: sqlOnly.results.map((r: Row) => ({ ...r, executors: [{ script: 'x.sh', kind: 'shell', stdout: '', stderr: '', return_code: 0, error: null }] })) };
  await assert.rejects(agent.query('SELECT sec_check.record_run($1::jsonb)', [JSON.stringify(relabelled)]), /no host-check results to store/);
  // every view shows who produced and who posted
  const shown = (await latest()).get(`${hostChecks[0].section}/${hostChecks[0].name}`);
  assert.deepEqual([shown?.origin, shown?.run_by, shown?.posted_by], ['agent', 'agent', 'agent']);
});

test('forgery 7: an auditor cannot prepare its session to mislead the engine (own JavaScript, temporary tables, changed settings)', async () => {
  await assert.rejects(auditor.query(`DO $$ globalThis.__sec_check_engine = { buildId: 'x', handle: () => ({}) }; $$ LANGUAGE pljs`), /permission denied for language pljs/);
  await cluster.query('GRANT USAGE ON LANGUAGE pljs TO auditor2');
  const a2 = await cluster.connect('auditor2');
  try {
    await assert.rejects(a2.query(`SELECT * FROM sec_check.run('logging')`), /role auditor2 can run its own pljs code in this session/);
  } finally {
    await a2.end();
    await cluster.query('REVOKE USAGE ON LANGUAGE pljs FROM auditor2');
  }
  const a3 = await cluster.connect('auditor2');
  try {
    await a3.query(`CREATE TEMP TABLE pg_stat_statements (query text)`);
    await assert.rejects(a3.query(`SELECT * FROM sec_check.run('logging')`), /temporary tables or views/);
  } finally {
    await a3.end();
  }
  // settings a check reads, changed for the auditor's own session or role
  const a4 = await cluster.connect('auditor2');
  try {
    await a4.query(`SET password_encryption = 'scram-sha-256'`);
    await assert.rejects(a4.query(`SELECT * FROM sec_check.run('connections')`), /this session overrides settings that checks read \(password_encryption\)/);
    await a4.query(`RESET password_encryption`);
    await a4.query(`ALTER ROLE auditor2 SET debug_pretty_print = off`);
  } finally {
    await a4.end();
  }
  const a5 = await cluster.connect('auditor2');
  try {
    await assert.rejects(a5.query(`SELECT * FROM sec_check.run('logging')`), /overrides settings that checks read \(debug_pretty_print\)/);
    await a5.query(`ALTER ROLE auditor2 RESET debug_pretty_print`);
  } finally {
    await a5.end();
  }
  // the 'agent' grant is not an audit grant, and the audit grant is not an agent grant
  await assert.rejects(agent.query(`SELECT * FROM sec_check.run('logging')`), /permission denied for function run/);
});

test('evidence: an auditor sees its own runs only; a granted reader sees all; latest_results shows verdicts without evidence', async () => {
  const visible = async (client: pg.Client, id: number) => ({
    runs: Number((await client.query('SELECT count(*) AS n FROM sec_check.runs WHERE id = $1', [id])).rows[0].n),
    results: Number((await client.query('SELECT count(*) AS n FROM sec_check.results WHERE run_id = $1', [id])).rows[0].n),
    doc: (await client.query('SELECT sec_check.report_json($1) AS d', [id])).rows[0].d,
    viaFunction: Number((await client.query('SELECT count(*) AS n FROM sec_check.run_results($1)', [id])).rows[0].n),
  });
  const theirs = await visible(auditor, superRun);
  assert.deepEqual(theirs, { runs: 0, results: 0, doc: null, viaFunction: 0 }, 'the superuser\'s run and its pg_hba evidence are hidden');
  const own: Row[] = (await auditor.query(`SELECT * FROM sec_check.run('logging')`)).rows;
  const mine = await visible(auditor, Number(own[0].run_id));
  assert.equal(mine.runs, 1);
  assert.equal(mine.results, own.length);
  assert.equal(mine.doc.run.run_by, 'auditor');
  const a2 = await cluster.connect('auditor2');
  try {
    assert.equal((await visible(a2, Number(own[0].run_id))).runs, 0, 'another auditor does not see it either');
  } finally {
    await a2.end();
  }
  const reader = await cluster.connect('reader');
  try {
    const all = await visible(reader, superRun);
    assert.equal(all.runs, 1);
    assert.equal(all.results, superRows.length);
    assert.ok(all.doc.results.some((r: Row) => JSON.stringify(r.executors).includes('pg_hba') || r.executors.length > 0));
    await assert.rejects(reader.query(`SELECT * FROM sec_check.run('logging')`), /permission denied/, 'reading is not auditing');
  } finally {
    await reader.end();
  }
  const dash: Row[] = (await auditor.query(`SELECT * FROM sec_check.latest_results`)).rows;
  assert.ok(dash.length >= 70, 'latest_results shows every check');
  assert.ok(!('raw' in dash[0]) && 'posted_by' in dash[0] && 'run_by' in dash[0] && 'origin' in dash[0]);
});

test('the CLI says which grant is missing: --store needs the agent grant, --upload the extension owner', async () => {
  const store = await cli(['run', ...connArgs(cluster, 'auditor'), '--config', CATALOG, '--groups', 'permissions', '--format', 'Json', '--output', tempPrefix('nostore'), '--store', '--fail-on', 'never']);
  assert.equal(store.code, 2, store.stdout + store.stderr);
  assert.match(store.stderr, /^sec-check run: --store: permission denied for function record_run \(the host agent role needs SELECT sec_check\.grant_agent_access\('ROLE'\)\)\n$/);
  const config = writePack({ 'config.json': configOf('tiny2', [{ name: 'tiny', executors: [{ script: 'q.sql' }], validators: [{ script: 'v.lua' }] }]),
    'q.sql': 'SELECT 1 AS one', 'v.lua': luaReturning('Success') });
  const upload = await cli(['pack', ...connArgs(cluster, 'auditor'), '--config', config, '--upload', 'mine']);
  assert.equal(upload.code, 2, upload.stdout + upload.stderr);
  assert.match(upload.stderr, /^sec-check pack: --upload mine: permission denied for function upload_pack \(only the extension owner loads packs\)\n$/);
  const agentStore = await cli(['run', ...connArgs(cluster, 'agent'), '--config', CATALOG, '--groups', 'permissions', '--format', 'Json', '--output', tempPrefix('store'), '--store', '--fail-on', 'never']);
  assert.equal(agentStore.code, 0, agentStore.stderr);
  assert.match(agentStore.stdout, /stored run \d+: \d+ host checks? \(SQL checks are recorded by sec_check\.run\(\) in the database\)/);
});
