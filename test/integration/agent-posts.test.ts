// What an agent may post, and what it can change, on PostgreSQL 18 + pljs: a role granted
// sec_check.grant_agent_access tries to put SQL into `sec-check fix` through its posts, to
// close in-database findings with host-check posts, and to replay old reports. Each attack
// (the red-team's and variants of our own) runs against the real server and must fail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import type pg from 'pg';
import type { Cluster } from '../../src/harness/index.ts';
import { CATALOG, cli, connArgs, startPg18WithSecCheck, tempPrefix } from './support.ts';
import { psql } from './extension-catalog.ts';

type Row = Record<string, any>;
let cluster: Cluster;
let agent: pg.Client;
let agent2: pg.Client;
/** the agent's genuine report of the permissions group, as `sec-check run` wrote it */
let real: Row;
const PACK = 'PostgreSQL security audit';

before(async () => {
  cluster = await startPg18WithSecCheck();
  await cluster.query(`CREATE ROLE agent LOGIN; CREATE ROLE agent2 LOGIN; CREATE ROLE joe LOGIN`);
  await cluster.query(`SELECT sec_check.grant_agent_access('agent'), sec_check.grant_agent_access('agent2'); GRANT pg_read_all_settings TO agent`);
  // an in-database SQL finding an agent would like to close
  await cluster.alterSystem({ debug_print_parse: 'on' }, 'reload');
  await cluster.query(`SELECT count(*) FROM sec_check.run(ARRAY['logging', 'permissions'])`);
  const out = tempPrefix('agent');
  const res = await cli(['run', ...connArgs(cluster, 'agent'), '--config', CATALOG, '--groups', 'permissions', '--format', 'Json', '--output', out, '--fail-on', 'never']);
  assert.equal(res.code, 0, res.stderr);
  real = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
  agent = await cluster.connect('agent');
  agent2 = await cluster.connect('agent2');
});
after(async () => {
  await agent?.end().catch(() => undefined);
  await agent2?.end().catch(() => undefined);
  await cluster?.stop();
});

/** The genuine host results (shell executor that ran), by check id. */
function host(id: string): Row {
  const r = real.results.find((x: Row) => x.check_id === id);
  assert.ok(r && r.executors.some((e: Row) => e.kind === 'shell' && !e.skipped), `${id} is a host check the agent ran`);
  return structuredClone(r);
}

/** A document as an agent posts it: a fresh claimed finish time unless one is given. */
function doc(results: Row[], run: Row = {}): Row {
  return { ...real, run: { ...real.run, finished_at: new Date().toISOString(), ...run }, results };
}

async function post(client: pg.Client, d: Row): Promise<number> {
  return Number((await client.query('SELECT sec_check.record_run($1::jsonb) AS id', [JSON.stringify(d)])).rows[0].id);
}

async function finding(checkId: string): Promise<Row | undefined> {
  return (await cluster.query(`SELECT state, status, last_run_id FROM sec_check.findings WHERE check_id = $1 AND pack = $2`, [checkId, PACK]))[0];
}

const SUPERUSER_FIX = [{ fix: 'ALTER ROLE joe SUPERUSER', fix_comment: 'needed' }];

test('the red-team\'s attack: a host result carrying a second, SQL executor with a fix column never reaches sec-check fix', async () => {
  const r = host('pgdata_permissions');
  r.status = 'Warning';
  r.executors.push({ script: 'permissions/pgdata_permissions/x.sql', kind: 'sql', rows: SUPERUSER_FIX, error: null, duration_ms: 1 });
  const id = await post(agent, doc([r]));
  // server side: only the check's own shell outputs were stored
  const [stored] = await cluster.query('SELECT raw FROM sec_check.results WHERE run_id = $1', [id]);
  assert.deepEqual(stored.raw.map((e: Row) => [e.kind, e.script]), [['shell', 'permissions/pgdata_permissions/probe.sh']]);
  assert.doesNotMatch(JSON.stringify(stored.raw), /SUPERUSER/);
  // client side: fix --run latest (this agent run) writes no statement, and says why evidence is not used
  const out = `${tempPrefix('fix')}.sql`;
  const res = await cli(['fix', ...connArgs(cluster), '--run', 'latest', '--output', out]);
  assert.equal(res.code, 0, res.stderr);
  const script = readFileSync(out, 'utf8');
  assert.doesNotMatch(script, /SUPERUSER|BEGIN;/);
  assert.match(script, new RegExp(`^-- fix statements from the evidence: not used \\(0 withheld\\): run ${id} was posted by an agent \\(origin agent\\)`, 'm'));
  // applied by a superuser as the header says: joe is still not a superuser
  await psql(cluster, 'postgres', ['-q', '-f', out]);
  assert.equal((await cluster.query(`SELECT rolsuper FROM pg_roles WHERE rolname = 'joe'`))[0].rolsuper, false);
});

test('variants: the fix rows inside the shell executor, a "sql" executor named like the probe, an executor of another check, by run id', async () => {
  const tries: [string, (r: Row) => void][] = [
    ['rows on the shell executor', (r) => { r.executors[0].rows = SUPERUSER_FIX; }],
    ['kind sql with the probe\'s script name', (r) => { r.executors.push({ script: r.executors[0].script, kind: 'sql', rows: SUPERUSER_FIX }); }],
    ['another check\'s executor', (r) => { r.executors.push({ script: 'access/escalation_paths/query.sql', kind: 'sql', rows: SUPERUSER_FIX }); }],
    ['extra keys on the result', (r) => { r.fix = 'ALTER ROLE joe SUPERUSER'; r.rows = SUPERUSER_FIX; }],
  ];
  for (const [what, tamper] of tries) {
    const r = host('pg_hba_permissions');
    r.status = 'Error';
    tamper(r);
    const id = await post(agent, doc([r]));
    const [stored] = await cluster.query('SELECT sec_check.report_json($1) AS d', [id]);
    assert.doesNotMatch(JSON.stringify(stored.d), /SUPERUSER/, what);
    assert.ok(stored.d.results[0].executors.every((e: Row) => e.kind === 'shell' && !('rows' in e)), what);
    const res = await cli(['fix', ...connArgs(cluster), '--run', String(id)]);
    assert.equal(res.code, 0, res.stderr);
    assert.doesNotMatch(res.stdout, /SUPERUSER/, what);
  }
});

test('variant: a report file that claims to be an in-database run of the built-in pack still gives no evidence statement', async () => {
  const r = host('umask');
  r.status = 'Warning';
  r.executors = [{ script: 'permissions/umask/query.sql', kind: 'sql', rows: SUPERUSER_FIX, error: null, duration_ms: 1 }];
  const file = `${tempPrefix('forged')}.json`;
  writeFileSync(file, JSON.stringify({ ...real, run: { ...real.run, origin: 'database', runtime: 'pljs', pack: { name: 'builtin', sha256: null } }, results: [r] }));
  const res = await cli(['fix', ...connArgs(cluster), '--report', file]);
  assert.equal(res.code, 0, res.stderr);
  assert.doesNotMatch(res.stdout, /^ALTER ROLE/m);
  assert.match(res.stdout, /^--   manual: 1 fix statement\(s\) in this result's evidence were not used: a report file is not a run the server recorded/m);
  assert.match(res.stderr, /warning: 1 fix statement\(s\) from the evidence not used/);
});

test('the red-team\'s attack: the SQL check\'s id posted under a host section does not close the in-database finding', async () => {
  const before = await finding('debug_print_parse');
  assert.equal(before?.state, 'open', 'the fixture has an open SQL finding');
  const r = host('pgdata_permissions');
  Object.assign(r, { check_id: 'debug_print_parse', status: 'Success' });
  await assert.rejects(post(agent, doc([r])), /no host-check results to store/);
  assert.deepEqual(await finding('debug_print_parse'), before);
});

test('variants: under its own section, by name without id, a check in no pack, a host check under another section, another pack name', async () => {
  const before = await finding('debug_print_parse');
  const settings = (await cluster.query(`SELECT section, check_name FROM sec_check.results WHERE check_id = 'debug_print_parse' LIMIT 1`))[0];
  const tries: [string, Row, Row?][] = [
    ['own section', { check_id: 'debug_print_parse', section: settings.section, name: settings.check_name }],
    ['no id, the SQL check\'s name', { check_id: null, section: settings.section, name: settings.check_name }],
    ['a check in no pack', { check_id: 'made_up_check', name: 'made up' }],
    ['a host check under another section', { section: 'settings' }],
    ['another pack name', {}, { report: { ...real.report, report_name: 'Some other pack' } }],
  ];
  for (const [what, change, top] of tries) {
    const r = { ...host('umask'), status: 'Success', ...change };
    await assert.rejects(post(agent, { ...doc([r]), ...top }), /no host-check results to store/, what);
  }
  assert.deepEqual(await finding('debug_print_parse'), before);
  // mixed with a genuine host result: the genuine one is stored, the other is dropped with a warning
  const warnings: string[] = [];
  const onNotice = (n: { message?: string }) => warnings.push(n.message ?? '');
  agent.on('notice', onNotice);
  try {
    const fake = { ...host('umask'), check_id: 'debug_print_parse', status: 'Success' };
    const id = await post(agent, doc([host('umask'), fake]));
    const kept = await cluster.query('SELECT check_id FROM sec_check.results WHERE run_id = $1', [id]);
    assert.deepEqual(kept.map((k) => k.check_id), ['umask']);
    assert.match(warnings.join('\n'), /1 result\(s\) not stored: permissions\/debug_print_parse: no stored pack/);
  } finally {
    agent.off('notice', onNotice);
  }
  assert.deepEqual(await finding('debug_print_parse'), before);
});

test('replays: an earlier report sent again (as is, with a new cycle id, by another agent, or older) is refused; the finding keeps its state', async () => {
  const failing = { ...host('pg_hba_permissions'), status: 'Error' };
  const passing = { ...host('pg_hba_permissions'), status: 'Success' };
  const old = doc([passing], { agent_cycle: 'cycle-1' });
  await post(agent, old);
  await post(agent, doc([failing], { agent_cycle: 'cycle-2' }));
  const open = await finding('pg_hba_permissions');
  assert.ok(['open', 'reopened'].includes(open?.state), JSON.stringify(open));
  await assert.rejects(post(agent, old), /this document was posted before \(sha256 [0-9a-f]{16}\.\.\.\); a replay is not stored/);
  await assert.rejects(post(agent, { ...old, run: { ...old.run, agent_cycle: 'cycle-3' } }), /is not later than .* of the last report agent posted; a replay or an older report is not stored/);
  await assert.rejects(post(agent2, old), /this document was posted before/, 'another agent role replays it');
  await assert.rejects(post(agent, doc([passing], { finished_at: new Date(Date.now() - 86_400_000).toISOString() })), /is not later than/);
  for (const claim of [undefined, 'now', 'infinity', 'yesterday', '2099-01-01T00:00:00Z']) {
    await assert.rejects(post(agent, doc([passing], { finished_at: claim, agent_cycle: `claim-${claim}` })), /run\.finished_at (must say when|.* is ahead of the server)/, String(claim));
  }
  await assert.rejects(post(agent, doc([passing, failing])), /check permissions\/pg_hba_permissions appears more than once/);
  assert.deepEqual(await finding('pg_hba_permissions'), open, 'still failing: no replay closed it');
  // a genuinely new report does change it
  await post(agent, doc([passing], { agent_cycle: 'cycle-4' }));
  assert.equal((await finding('pg_hba_permissions'))?.state, 'fixed');
  // the digests survive purging the runs they came from
  await cluster.query(`SELECT sec_check.purge('1 microsecond')`);
  await assert.rejects(post(agent2, old), /this document was posted before/);
});

test('variant: fix --run latest after a real `sec-check agent --once` cycle reads the agent run and uses none of its evidence', async () => {
  const res = await cli(['agent', '--once', ...connArgs(cluster, 'agent')]);
  assert.equal(res.code, 0, res.stderr);
  const cycle = JSON.parse(res.stdout.trim().split('\n')[0]);
  assert.ok(cycle.run_id != null, res.stdout);
  const fix = await cli(['fix', ...connArgs(cluster), '--run', 'latest']);
  assert.equal(fix.code, 0, fix.stderr);
  assert.match(fix.stdout, new RegExp(`^-- fix statements from the evidence: not used \\(0 withheld\\): run ${cycle.run_id} was posted by an agent`, 'm'));
  assert.doesNotMatch(fix.stdout, /^(BEGIN|ALTER|REVOKE|GRANT)/m);
});
