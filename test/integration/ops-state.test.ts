// A DBA's day on a real server (PostgreSQL 18 + pljs): the current state that report, fix,
// the score and the views use by default; priorities equal in SQL and TypeScript; plain text
// for rows returned to psql; the pljs NOTICE once per session; and the CI gate that no longer
// passes what it could not check.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cluster } from '../../src/harness/index.ts';
import { parseLoc } from '../../src/core/loc.ts';
import { plainText } from '../../src/render/rich-text.ts';
import { resultPriority } from '../../src/core/priority.ts';
import { CATALOG, cli, connArgs, REPO, startPg18WithSecCheck, tempPrefix } from './support.ts';

let pg: Cluster;
type Row = Record<string, any>;
const cases = JSON.parse(readFileSync(join(REPO, 'test/fixtures/priority-cases.json'), 'utf8'));
const TAG = /<\/?(p|code|ul|ol|li|b|i|strong|em|br|pre)\b[^>]*>/i;

before(async () => {
  pg = await startPg18WithSecCheck();
  // one severe line (trust over TCP) and one weak line reachable from other machines
  await pg.writeHba(['local all all trust', 'host all all 127.0.0.1/32 trust', 'host all all 10.0.0.0/8 md5']);
});
after(async () => { await pg?.stop(); });

const readJson = (prefix: string) => JSON.parse(readFileSync(`${prefix}.json`, 'utf8'));

test('priority, exposure and plain text: the SQL twins pass the shared table and agree with TypeScript on every catalog message', async () => {
  for (const c of cases.priority) {
    const [r] = await pg.query('SELECT sec_check.priority($1, $2, $3) AS p', [c.status, c.severity, c.exposure]);
    assert.equal(r.p, c.priority, JSON.stringify(c));
  }
  for (const c of cases.exposure) {
    const [r] = await pg.query('SELECT sec_check.result_exposure($1::jsonb) AS e', [JSON.stringify(c.executors)]);
    assert.equal(r.e, c.exposure, c.label);
  }
  for (const c of cases.plain_text) {
    const [r] = await pg.query('SELECT sec_check.plain_text($1) AS t', [c.html]);
    assert.equal(r.t, c.text, JSON.stringify(c.html));
  }
  const texts = ['en', 'ru'].flatMap((l) => [...parseLoc(readFileSync(join(REPO, `dist/catalog/localizations/${l}.loc`), 'utf8'), `${l}.loc`).values()]);
  assert.ok(texts.length > 1000, `${texts.length} catalog messages`);
  const rows: Row[] = await pg.query('SELECT sec_check.plain_text(t) AS t FROM unnest($1::text[]) WITH ORDINALITY AS m(t, n) ORDER BY n', [texts]);
  const differ = texts.filter((t, i) => plainText(t) !== rows[i].t);
  assert.deepEqual(differ, [], 'sec_check.plain_text equals plainText() on every message');
});

test('with a nightly full run and hourly logging runs, report, fix and the score use the current state', async () => {
  const full = Number((await pg.query(`SELECT max(run_id) AS id FROM sec_check.run()`))[0].id);
  const [before] = await pg.query('SELECT score, total FROM sec_check.current_score');
  const logging: number[] = [];
  for (let i = 0; i < 2; i++) logging.push(Number((await pg.query(`SELECT max(run_id) AS id FROM sec_check.run('logging')`))[0].id));
  const [afterRuns] = await pg.query('SELECT score, total, runs FROM sec_check.current_score');
  assert.deepEqual([afterRuns.score, afterRuns.total], [before.score, before.total], 'partial runs do not move the current score');
  const summary: Row[] = await pg.query('SELECT run_id, score, state_score FROM sec_check.run_summary WHERE run_id >= $1 ORDER BY run_id', [full]);
  assert.equal(new Set(summary.map((r) => r.state_score)).size, 1, `state_score is comparable run to run: ${JSON.stringify(summary)}`);
  assert.notEqual(summary[0].score, summary[1].score, 'while each run\'s own score zigzags');

  // report without --run: every check, each from its run, host_login (critical Error) included
  const current = tempPrefix('current');
  const rep = await cli(['report', ...connArgs(pg), '--format', 'Json', '--output', current]);
  assert.equal(rep.code, 0, rep.stderr);
  const doc = readJson(current);
  assert.equal(doc.results.length, Number(afterRuns.total));
  assert.deepEqual(doc.run.current_state.runs, [full, logging[1]]);
  assert.equal(doc.run.current_state.hidden, 0);
  assert.equal(doc.run.id, null);
  const host = doc.results.find((r: Row) => r.check_id === 'host_login');
  assert.deepEqual([host.status, host.run_id], ['Error', full]);
  assert.ok(doc.results.filter((r: Row) => r.section === 'logging').every((r: Row) => r.run_id === logging[1]));
  for (const r of doc.results) assert.equal(r.priority, resultPriority(r), `${r.check_id}: SQL priority = TypeScript priority`);

  // --run latest is the newest run, whatever it covered, and says so
  const latest = tempPrefix('latest');
  const lr = await cli(['report', ...connArgs(pg), '--run', 'latest', '--format', 'Json', '--output', latest]);
  assert.equal(lr.code, 0, lr.stderr);
  assert.match(lr.stderr, new RegExp(`note: run ${logging[1]} covered only the group\\(s\\) logging`));
  assert.ok(readJson(latest).results.every((r: Row) => r.section === 'logging'));

  // fix: the current state's failing checks (host_login is a manual item), a partial run's are fewer
  const fix = await cli(['fix', ...connArgs(pg)]);
  assert.equal(fix.code, 0, fix.stderr);
  assert.match(fix.stdout, /host_login/);
  assert.match(fix.stdout, /current state of database postgres/);
  const fixLatest = await cli(['fix', ...connArgs(pg), '--run', 'latest']);
  assert.equal(fixLatest.code, 0, fixLatest.stderr);
  assert.doesNotMatch(fixLatest.stdout, /host_login/);
  const bad = await cli(['fix', ...connArgs(pg), '--run', 'latest', '--report', current + '.json']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /at most one of --run current\|latest\|ID or --report FILE/);

  // what changed, like with like: a logging check that changes shows, the logging runs in between do not hide it
  await pg.alterSystem({ debug_print_parse: 'on' }, 'reload');
  try {
    const changed = Number((await pg.query(`SELECT max(run_id) AS id FROM sec_check.run('logging')`))[0].id);
    const changes: Row[] = await pg.query(`SELECT * FROM sec_check.state_changes WHERE run_id = $1`, [changed]);
    assert.deepEqual(changes.map((r) => [r.check_id, r.from_status, r.to_status, r.change]), [['debug_print_parse', 'Success', 'Warning', 'new_finding']]);
    assert.equal(changes[0].from_run_id, String(logging[1]), 'compared with its own previous verdict');
    // a connections check compared across the logging runs in between: its own previous verdict is the full run's
    const [conn] = await pg.query(`SELECT run_id FROM sec_check.current_state WHERE check_id = 'host_login'`);
    assert.equal(conn.run_id, String(full));
  } finally {
    await pg.alterSystem({ debug_print_parse: 'off' }, 'reload');
  }
});

test('priority in the report JSON, the views and the console: actionable results only, highest first', async () => {
  const prefix = tempPrefix('prio');
  const res = await cli(['run', ...connArgs(pg), '--config', CATALOG, '--format', 'Json', '--output', prefix, '--fail-on', 'never', '--groups', 'connections,logging']);
  assert.equal(res.code, 0, res.stderr);
  const doc = readJson(prefix);
  for (const r of doc.results) assert.equal(r.priority, resultPriority(r), r.check_id);
  const host = doc.results.find((r: Row) => r.check_id === 'host_login');
  assert.equal(host.priority, 18, 'a critical Error reachable from other machines (10.0.0.0/8) is the top priority');
  const lines = res.stdout.split('\n');
  const start = lines.findIndex((l) => /^fix first/.test(l));
  const listed = lines.slice(start + 1).filter((l) => /^\s+\d+\s+[A-Z]+/.test(l));
  assert.ok(listed.length > 0);
  const prios = listed.map((l) => Number(/^\s+(\d+)/.exec(l)![1]));
  assert.deepEqual(prios, [...prios].sort((a, b) => b - a), 'highest first');
  assert.ok(listed.every((l) => /^\s+\d+\s+(ERROR|FAILED|WARNING) /.test(l)), 'no Info, Skipped or Success line');
  assert.match(listed[0], /ERROR\s+critical\s+connections\/host_login remote/);

  const findings: Row[] = await pg.query(`SELECT check_id, status, priority FROM sec_check.findings WHERE state <> 'fixed' ORDER BY priority DESC, check_id`);
  assert.equal(findings[0].check_id, 'host_login');
  const latest: Row[] = await pg.query(`SELECT priority FROM sec_check.latest_results ORDER BY priority DESC LIMIT 1`);
  assert.equal(latest[0].priority, 18);
});

test('run() rows are plain text, highest priority first; stored results keep the rich text; the pljs notice once per session', async () => {
  const c = await pg.connect();
  const notices: string[] = [];
  c.on('notice', (n) => notices.push(n.message ?? ''));
  try {
    const first = (await c.query(`SELECT * FROM sec_check.run('connections')`)).rows;
    await c.query(`SELECT * FROM sec_check.run('connections')`);
    assert.equal(notices.filter((m) => /sec_check runs on pljs/.test(m)).length, 1, notices.join('\n'));
    for (const r of first) {
      for (const k of ['short_description', 'full_description', 'recommendation']) assert.doesNotMatch(r[k], TAG, `${r.check_id}.${k}`);
    }
    assert.deepEqual(first.map((r: Row) => r.priority), first.map((r: Row) => r.priority).sort((a: number, b: number) => b - a));
    const host = first.find((r: Row) => r.check_id === 'host_login');
    assert.match(host.full_description, /\n\nOther weak lines: line 4: host all all 10\.0\.0\.0\/255\.0\.0\.0 md5$/);
    const [stored] = await pg.query(`SELECT full_description FROM sec_check.results WHERE run_id = $1 AND check_id = 'host_login'`, [first[0].run_id]);
    assert.match(stored.full_description, /<p>Other weak lines: <code>|<p>Other weak lines: /, 'stored results keep the rich text');
    // without weak lines there is no empty "Other weak lines:" paragraph, in either form
    await pg.writeHba(['local all all trust', 'host all all 127.0.0.1/32 trust']);
    const again = (await c.query(`SELECT run_id, full_description FROM sec_check.run('connections') WHERE check_id = 'host_login'`)).rows[0];
    assert.doesNotMatch(again.full_description, /Other weak lines/);
    const [rich] = await pg.query(`SELECT full_description FROM sec_check.results WHERE run_id = $1 AND check_id = 'host_login'`, [again.run_id]);
    assert.doesNotMatch(rich.full_description, /Other weak lines/);
    // a new session is told again
    const c2 = await pg.connect();
    const n2: string[] = [];
    c2.on('notice', (n) => n2.push(n.message ?? ''));
    await c2.query(`SELECT count(*) FROM sec_check.run('connections')`);
    await c2.end();
    assert.equal(n2.filter((m) => /sec_check runs on pljs/.test(m)).length, 1);
  } finally {
    await c.end();
    await pg.writeHba(['local all all trust', 'host all all 127.0.0.1/32 trust', 'host all all 10.0.0.0/8 md5']);
  }
});

test('the CI command fails when a high or critical check could not be verified (a pg_monitor auditor)', async () => {
  await pg.query(`CREATE ROLE ci_auditor LOGIN IN ROLE pg_monitor`);
  const run = async (...extra: string[]) => {
    const prefix = tempPrefix('ci');
    const r = await cli(['run', ...connArgs(pg, 'ci_auditor'), '--config', CATALOG, '--groups', 'connections', '--format', 'Json', '--output', prefix, '--fail-on', 'Error', ...extra]);
    return { ...r, doc: readJson(prefix) };
  };
  const dflt = await run();
  const host = dflt.doc.results.find((r: Row) => r.check_id === 'host_login');
  assert.deepEqual([host.status, host.severity], ['Failed', 'critical'], 'pg_monitor cannot read pg_hba_file_rules');
  assert.equal(dflt.code, 1, dflt.stdout);
  assert.match(dflt.stdout, /could not verify \d+ check\(s\) of severity high or above .*host_login/);
  const hasError = dflt.doc.results.some((r: Row) => r.status === 'Error');
  const off = await run('--fail-on-unverified', 'never');
  assert.equal(off.code, hasError ? 1 : 0, 'with the gate off only Errors count');
  const bad = await cli(['run', ...connArgs(pg, 'ci_auditor'), '--config', CATALOG, '--fail-on-unverified', 'sometimes']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--fail-on-unverified value "sometimes"/);
});
