// The DDL trail (issue 10) on a real PostgreSQL 18 with sec_check installed (and on 15
// through pg15/ddl-trail.test.ts): what a non-superuser's DDL over TCP records, tamper
// evidence, the built-in check, the listener and the trail report. PostgreSQL 14 (no JS
// language in the harness for it, so no CREATE EXTENSION sec_check) gets the trail's SQL
// objects loaded on their own: they need no JavaScript, and the same capture assertions run
// there (in the default run only).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { Cluster } from '../../src/harness/index.ts';
import { loadPackFromConfig, type DiskPack } from '../../src/session/node-pack.ts';
import { auditWithNode } from '../../src/runtime/node.ts';
import { CATALOG, CLI, REPO, cli, connArgs, startPg, startWithSecCheck, tempPrefix, testMajor } from './support.ts';

let pack: DiskPack;
before(() => { pack = loadPackFromConfig(CATALOG); });

/** A client for `user` over TCP (127.0.0.1), so the trail has a client address and port. */
async function tcp(c: Cluster, user: string, database = 'postgres'): Promise<pg.Client> {
  const client = new pg.Client({ host: '127.0.0.1', port: c.port, user, database, application_name: 'ddl-trail-test' });
  client.on('error', () => {});
  await client.connect();
  return client;
}

async function q<T = any>(c: Cluster, sql: string, params: unknown[] = [], database = 'postgres'): Promise<T[]> {
  const client = new pg.Client(c.clientConfig('postgres', database));
  client.on('error', () => {});
  await client.connect();
  try {
    const res: any = await client.query(sql, params as any[]);
    return (Array.isArray(res) ? res[res.length - 1] : res).rows;
  } finally { await client.end().catch(() => {}); }
}

async function trailCheck(c: Cluster, database = 'postgres', user = 'postgres', locale = 'en'): Promise<any> {
  const client = new pg.Client(c.clientConfig(user, database));
  await client.connect();
  try {
    const report = await auditWithNode(client, pack, { groups: ['logging'], locale,
      connection: { host: c.socketDir, port: c.port, user, database } as any });
    return report.results.find((r: any) => r.check_id === 'ddl_event_trigger');
  } finally { await client.end(); }
}

const verify = async (c: Cluster, database = 'postgres') =>
  (await q(c, 'SELECT ok, rows_checked::int, first_bad_id::int, detail FROM sec_check.ddl_log_verify()', [], database))[0];
const maxId = async (c: Cluster, database = 'postgres') =>
  Number((await q(c, 'SELECT coalesce(max(id), 0) AS m FROM sec_check.ddl_log', [], database))[0].m);

/** Roles and a non-superuser's DDL over TCP after SET ROLE; returns the new trail rows. */
async function captureScenario(c: Cluster, database: string): Promise<any[]> {
  await q(c, `DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dev_alice') THEN
        CREATE ROLE dev_alice LOGIN; CREATE ROLE app_owner NOLOGIN; GRANT app_owner TO dev_alice;
      END IF; END $$;
    GRANT CREATE ON SCHEMA public TO app_owner`, [], database);
  const before = await maxId(c, database);
  const alice = await tcp(c, 'dev_alice', database);
  try {
    await alice.query('SET ROLE app_owner');
    await alice.query('CREATE TABLE orders (id int)');
    await alice.query('ALTER TABLE orders ADD COLUMN total numeric');
    await alice.query('GRANT SELECT ON orders TO dev_alice');
    await alice.query('DROP TABLE orders');
    await alice.query(`CREATE FUNCTION order_total() RETURNS int LANGUAGE sql AS 'SELECT 1'`);
    await alice.query('BEGIN');
    await alice.query('CREATE TABLE rolled_back (x int)');
    await alice.query('ROLLBACK');
  } finally { await alice.end(); }
  return q(c, `SELECT id, event, command_tag, object_type, object_identity, session_user_name, current_user_name,
                      host(client_addr) AS client_addr, client_port, application_name, statement
                 FROM sec_check.ddl_log WHERE id > $1 ORDER BY id`, [before], database);
}

function assertCaptured(rows: any[]): void {
  const seen = rows.map((r) => `${r.event} ${r.command_tag} ${r.object_type} ${r.object_identity ?? ''}`.trim());
  assert.deepEqual(seen, [
    'ddl_command_end CREATE TABLE table public.orders',
    'ddl_command_end ALTER TABLE table public.orders',
    // PostgreSQL reports GRANT with the object class only (no identity); the statement names it
    'ddl_command_end GRANT TABLE',
    'sql_drop DROP TABLE table public.orders',
    'ddl_command_end CREATE FUNCTION function public.order_total()',
  ]);
  for (const r of rows) {
    assert.equal(r.session_user_name, 'dev_alice');
    assert.equal(r.current_user_name, 'app_owner');
    assert.equal(r.client_addr, '127.0.0.1');
    assert.ok(r.client_port > 0);
    assert.equal(r.application_name, 'ddl-trail-test');
  }
  assert.match(rows[2].statement, /GRANT SELECT ON orders TO dev_alice/);
  assert.ok(!rows.some((r) => /rolled_back/.test(r.statement)), 'a rolled-back CREATE leaves no row');
}

describe(`PostgreSQL ${testMajor()} with sec_check`, () => {
  let c: Cluster;
  before(async () => {
    c = await startWithSecCheck();
    await q(c, `SELECT sec_check.ddl_audit_enable()`);
  });
  after(async () => { await c?.stop(); });

  test('a non-superuser over TCP: one row per object, session and current user, client, tag, identity; rollback leaves nothing', async () => {
    const rows = await captureScenario(c, 'postgres');
    assertCaptured(rows);
    const v = await verify(c);
    assert.equal(v.ok, true, v.detail);
    // the event triggers belong to the extension
    const members = await q(c, `SELECT e.evtname FROM pg_event_trigger e JOIN pg_depend d ON d.classid = 'pg_event_trigger'::regclass
      AND d.objid = e.oid AND d.deptype = 'e' ORDER BY 1`);
    // (sec_check_login exists on 17+, disabled unless {"login": true})
    assert.deepEqual(members.map((m) => m.evtname), ['cron_jobs_of_sec_check', 'sec_check_ddl_command_end', 'sec_check_login', 'sec_check_sql_drop', 'sec_check_table_rewrite']);
    // and the trail is closed to everyone but its owner
    const alice = await tcp(c, 'dev_alice');
    try {
      await assert.rejects(alice.query('SELECT * FROM sec_check.ddl_log'), /permission denied/);
    } finally { await alice.end(); }
  });

  test('passwords are masked and the statement is bounded', async () => {
    const before = await maxId(c);
    await q(c, `CREATE ROLE pw_role PASSWORD 'hunter2-secret'; CREATE TABLE pw_t (x int); ALTER ROLE pw_role ENCRYPTED PASSWORD E'esc\\'aped-secret'`);
    await q(c, `CREATE FOREIGN DATA WRAPPER pw_fdw; CREATE SERVER pw_srv FOREIGN DATA WRAPPER pw_fdw OPTIONS (host 'h');
      CREATE USER MAPPING FOR postgres SERVER pw_srv OPTIONS (user 'u', password 'mapping-secret')`);
    await q(c, `CREATE TABLE pw_long (x int); SELECT '${'x'.repeat(70_000)}'`);
    const rows = await q(c, 'SELECT command_tag, statement, statement_truncated FROM sec_check.ddl_log WHERE id > $1 ORDER BY id', [before]);
    const all = JSON.stringify(rows);
    assert.doesNotMatch(all, /hunter2|aped-secret|mapping-secret/);
    assert.match(all, /PASSWORD '\*\*\*'/);
    const long = rows.find((r) => /pw_long/.test(r.statement));
    assert.equal(long.statement_truncated, true);
    assert.ok(long.statement.length < 66_000);
    assert.match(long.statement, /truncated, \d+ characters in all/);
    assert.ok(rows.some((r) => r.command_tag === 'CREATE USER MAPPING'));
  });

  test('options: excluded role, tag filter, temporary objects; bad options are named', async () => {
    await q(c, `SELECT sec_check.ddl_audit_enable('{"exclude_roles": ["dev_alice"], "exclude_temporary": true, "exclude_tags": ["create index"]}')`);
    try {
      const before = await maxId(c);
      const alice = await tcp(c, 'dev_alice');
      try { await alice.query('CREATE TABLE by_excluded_role (x int)'); } finally { await alice.end(); }
      await q(c, 'CREATE TEMP TABLE tmp_t (x int); CREATE TABLE opt_t (x int); CREATE INDEX ON opt_t (x)');
      const rows = await q(c, 'SELECT command_tag, object_identity FROM sec_check.ddl_log WHERE id > $1 ORDER BY id', [before]);
      assert.deepEqual(rows.map((r) => `${r.command_tag} ${r.object_identity}`), ['CREATE TABLE public.opt_t']);
    } finally {
      await q(c, `SELECT sec_check.ddl_audit_enable()`);
    }
    await assert.rejects(q(c, `SELECT sec_check.ddl_audit_enable('{"exclude_role": ["x"]}')`), /unknown option "exclude_role"/);
    await assert.rejects(q(c, `SELECT sec_check.ddl_audit_enable('{"strict": "yes"}')`), /option "strict" must be true or false, got "yes"/);
  });

  test('logins are recorded on request (PostgreSQL 17+), and the check then expects the login trigger', async () => {
    if (testMajor() < 17) {
      // no login event before 17: refused by name, and the trail stays as it was
      await assert.rejects(q(c, `SELECT sec_check.ddl_audit_enable('{"login": true}')`), /option "login" needs PostgreSQL 17 or later/);
      assert.equal((await trailCheck(c)).status, 'Success');
      return;
    }
    await q(c, `SELECT sec_check.ddl_audit_enable('{"login": true}')`);
    try {
      const before = await maxId(c);
      const alice = await tcp(c, 'dev_alice');
      await alice.end();
      const rows = await q(c, `SELECT event, command_tag, session_user_name, host(client_addr) AS addr FROM sec_check.ddl_log WHERE id > $1`, [before]);
      assert.deepEqual(rows.filter((r) => r.session_user_name === 'dev_alice'), [{ event: 'login', command_tag: 'LOGIN', session_user_name: 'dev_alice', addr: '127.0.0.1' }]);
      assert.equal((await trailCheck(c)).status, 'Success');
      await q(c, 'ALTER EXTENSION sec_check DROP EVENT TRIGGER sec_check_login; DROP EVENT TRIGGER sec_check_login');
      assert.match((await trailCheck(c)).short_description, /missing for login/);
    } finally {
      await q(c, `SELECT sec_check.ddl_audit_enable()`);
    }
  });

  test('concurrent DDL never forks the chain; strict mode fails the DDL it cannot record', async () => {
    const clients = await Promise.all([0, 1, 2].map(() => c.connect()));
    try {
      await Promise.all(clients.map(async (cl, i) => {
        for (let k = 0; k < 15; k++) await cl.query(`CREATE TABLE conc_${i}_${k} (x int)`);
      }));
      assert.equal((await verify(c)).ok, true);
      // REPEATABLE READ: the second appender cannot link to a head it cannot see
      const [a, b] = clients;
      const race = async () => {
        await a.query('BEGIN ISOLATION LEVEL REPEATABLE READ'); await a.query('SELECT 1');
        await b.query('BEGIN ISOLATION LEVEL REPEATABLE READ'); await b.query('SELECT 1');
        await a.query(`CREATE TABLE rr_a${Date.now()} (x int)`); await a.query('COMMIT');
        return b.query(`CREATE TABLE rr_b${Date.now()} (x int)`).finally(() => b.query('ROLLBACK'));
      };
      // strict (the default): the append's own error fails the DDL
      await assert.rejects(race(), /could not serialize access/);
      await q(c, `SELECT sec_check.ddl_audit_enable('{"strict": false}')`);
      const notices: string[] = [];
      b.on('notice', (n) => notices.push(n.message ?? ""));
      await race(); // not strict: the DDL goes on with a warning
      assert.ok(notices.some((m) => /not recorded in the DDL trail/.test(m)), notices.join('\n'));
      assert.equal((await verify(c)).ok, true);
      await q(c, `SELECT sec_check.ddl_audit_enable()`);
    } finally {
      for (const cl of clients) await cl.end().catch(() => {});
    }
  });

  test('ddl_log_verify finds a changed row, a deleted row and a deleted tail, with the first bad id', async () => {
    // holding tables first: the tampering below is DML only, so it adds no trail rows
    await q(c, 'CREATE TABLE saved_rows (LIKE sec_check.ddl_log); CREATE TABLE saved_head (LIKE sec_check.ddl_chain)');
    await q(c, 'CREATE TABLE tamper_1 (x int); CREATE TABLE tamper_2 (x int); CREATE TABLE tamper_3 (x int)');
    const last = await maxId(c);
    const mid = last - 1;
    await q(c, 'SELECT sec_check.ddl_log_record_head()');
    assert.equal((await verify(c)).ok, true);
    // changed
    const original = (await q(c, 'SELECT statement FROM sec_check.ddl_log WHERE id = $1', [mid]))[0].statement;
    await q(c, `UPDATE sec_check.ddl_log SET statement = 'CREATE TABLE innocent ()' WHERE id = $1`, [mid]);
    let v = await verify(c);
    assert.deepEqual([v.ok, v.first_bad_id], [false, mid]);
    assert.match(v.detail, /changed/);
    await q(c, 'UPDATE sec_check.ddl_log SET statement = $2 WHERE id = $1', [mid, original]);
    assert.equal((await verify(c)).ok, true);
    await q(c, 'INSERT INTO saved_rows SELECT * FROM sec_check.ddl_log WHERE id >= $1', [mid]);
    await q(c, 'INSERT INTO saved_head SELECT * FROM sec_check.ddl_chain');
    const restore = async () => {
      await q(c, 'DELETE FROM sec_check.ddl_log WHERE id >= $1', [mid]);
      await q(c, `INSERT INTO sec_check.ddl_log SELECT * FROM saved_rows;
        UPDATE sec_check.ddl_chain c SET last_id = s.last_id, last_hash = s.last_hash FROM saved_head s`);
      assert.equal((await verify(c)).ok, true);
    };
    // deleted in the middle: the next row no longer links
    await q(c, 'DELETE FROM sec_check.ddl_log WHERE id = $1', [mid]);
    v = await verify(c);
    assert.deepEqual([v.ok, v.first_bad_id], [false, last]);
    assert.match(v.detail, /deleted or inserted/);
    await restore();
    // deleted tail, and the head row put back as a careful intruder would: the recorded head is gone
    await q(c, 'DELETE FROM sec_check.ddl_log WHERE id >= $1', [mid]);
    await q(c, `UPDATE sec_check.ddl_chain SET last_id = (SELECT max(id) FROM sec_check.ddl_log),
      last_hash = (SELECT row_hash FROM sec_check.ddl_log ORDER BY id DESC LIMIT 1)`);
    v = await verify(c);
    assert.deepEqual([v.ok, v.first_bad_id], [false, last]);
    assert.match(v.detail, /tail was deleted/);
    const check = await trailCheck(c);
    assert.equal(check.status, 'Error');
    assert.match(check.short_description, new RegExp(`row ${last}`));
    await restore();
    // deleted tail, head row left alone: the next DDL links to the deleted row
    await q(c, 'DELETE FROM sec_check.ddl_log WHERE id = $1', [last]);
    await q(c, 'CREATE TABLE after_deleted_tail (x int)');
    v = await verify(c);
    assert.deepEqual([v.ok, v.first_bad_id], [false, await maxId(c)]);
    await q(c, 'INSERT INTO sec_check.ddl_log SELECT * FROM saved_rows WHERE id = $1', [last]);
    assert.equal((await verify(c)).ok, true);
    await q(c, 'DROP TABLE saved_rows, saved_head');
    assert.equal((await verify(c)).ok, true);
  });

  test('the built-in check: Success, then Error when a trigger is disabled, missing, replaced or event_triggers = off', async () => {
    let r = await trailCheck(c);
    assert.equal(r.status, 'Success', r.short_description);
    await q(c, 'ALTER EVENT TRIGGER sec_check_sql_drop DISABLE');
    r = await trailCheck(c);
    assert.equal(r.status, 'Error');
    assert.match(r.short_description, /sec_check_sql_drop \(disabled\)/);
    await q(c, 'ALTER EVENT TRIGGER sec_check_sql_drop ENABLE ALWAYS');
    assert.equal((await trailCheck(c)).status, 'Success');
    await q(c, 'ALTER EXTENSION sec_check DROP EVENT TRIGGER sec_check_table_rewrite; DROP EVENT TRIGGER sec_check_table_rewrite');
    r = await trailCheck(c, 'postgres', 'postgres', 'ru');
    assert.equal(r.status, 'Error');
    assert.match(r.short_description, /нет событийных триггеров для table_rewrite/);
    await q(c, 'SELECT sec_check.ddl_audit_enable()');
    if (testMajor() >= 17) {
      await q(c, 'ALTER ROLE dev_alice SET event_triggers = off');
      r = await trailCheck(c);
      assert.equal(r.status, 'Error');
      assert.match(r.short_description, /event_triggers = off for role dev_alice/);
      await q(c, 'ALTER ROLE dev_alice RESET event_triggers');
      assert.equal((await trailCheck(c)).status, 'Success');
    } else {
      // the switch to skip event triggers exists from 17 on; before, nobody can set it
      await assert.rejects(q(c, 'ALTER ROLE dev_alice SET event_triggers = off'), /unrecognized configuration parameter "event_triggers"/);
    }
    // an auditor needs EXECUTE on the status function; without it the verdict is unknown, never a pass
    await q(c, `CREATE ROLE trail_auditor LOGIN; GRANT pg_read_all_settings TO trail_auditor; GRANT USAGE ON SCHEMA sec_check TO trail_auditor`);
    assert.equal((await trailCheck(c, 'postgres', 'trail_auditor')).status, 'Failed');
    await q(c, `SELECT sec_check.grant_ddl_trail_access('trail_auditor')`);
    assert.equal((await trailCheck(c, 'postgres', 'trail_auditor')).status, 'Success');
  });

  test('a replaced trigger function makes the check fail; a disabled trail is a warning', async () => {
    await q(c, 'CREATE DATABASE replaced');
    await q(c, `CREATE EXTENSION pljs; CREATE EXTENSION sec_check; SELECT sec_check.ddl_audit_enable()`, [], 'replaced');
    assert.equal((await trailCheck(c, 'replaced')).status, 'Success');
    await q(c, `CREATE OR REPLACE FUNCTION sec_check.ddl_capture() RETURNS event_trigger LANGUAGE plpgsql
      SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$ BEGIN END $$`, [], 'replaced');
    const r = await trailCheck(c, 'replaced');
    assert.equal(r.status, 'Error');
    assert.match(r.short_description, /trigger code was replaced/);
    await q(c, 'SELECT sec_check.ddl_audit_disable()', [], 'replaced');
    await q(c, 'DROP EXTENSION sec_check; CREATE EXTENSION sec_check', [], 'replaced');
    const w = await trailCheck(c, 'replaced');
    assert.equal(w.status, 'Warning');
    assert.match(w.short_description, /installed but not enabled/);
  });

  test('without sec_check the check warns that no trail is installed, and a hand-made or pgAudit trigger does not count', async () => {
    await q(c, 'CREATE DATABASE plain');
    await q(c, `CREATE FUNCTION log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
      CREATE EVENT TRIGGER my_ddl_audit ON ddl_command_end EXECUTE FUNCTION log_ddl()`, [], 'plain');
    const r = await trailCheck(c, 'plain');
    assert.equal(r.status, 'Warning');
    assert.match(r.short_description, /not installed in database plain/);
    assert.match(r.full_description, /my_ddl_audit \(ddl_command_end\)/);
  });

  test('sec-check listen --exec gets each DDL when it commits, catches up after a restart, and reports a deleted tail', async () => {
    const dir = tempPrefix('listen');
    const out = `${dir}-events.jsonl`;
    const heads = `${dir}-heads.json`;
    writeFileSync(out, '');
    await q(c, 'CREATE TABLE saved_tail (LIKE sec_check.ddl_log)'); // before the listener: not among its events
    const start = () => spawnListener(['listen', '--channel', 'sec_check_ddl', '--heads', heads,
      '--exec', `cat >> '${out}'`, ...connArgs(c)]);
    const events = () => readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    let listener = await start();
    try {
      await waitForText(listener, /listening on sec_check_ddl/);
      const session = await c.connect();
      await session.query('BEGIN');
      await session.query('CREATE TABLE listened_1 (x int)');
      await sleep(500);
      assert.equal(events().length, 0, 'nothing before COMMIT');
      await session.query('COMMIT');
      await waitUntil(() => events().some((e) => e.object_identity === 'public.listened_1'), 'listened_1 forwarded');
      await session.query('CREATE TABLE listened_2 (x int)');
      await waitUntil(() => events().some((e) => e.object_identity === 'public.listened_2'), 'listened_2 forwarded');
      await session.end().catch(() => {});
      // server restart; DDL right after it, before the listener is back: caught up from the table
      await c.restart();
      await q(c, 'CREATE TABLE after_restart_1 (x int); CREATE TABLE after_restart_2 (x int)');
      await waitUntil(() => events().some((e) => e.object_identity === 'public.after_restart_2'), 'caught up after restart', 30_000);
      const ids = events().filter((e) => e.id).map((e) => e.id);
      assert.deepEqual(ids, [...ids].sort((a, b) => a - b), 'in order');
      assert.equal(new Set(ids).size, ids.length, 'no duplicates');
      assert.deepEqual(events().filter((e) => e.object_identity).map((e) => e.object_identity),
        ['public.listened_1', 'public.listened_2', 'public.after_restart_1', 'public.after_restart_2']);
      assert.ok(events().every((e) => !e.alert));
    } finally { await stopListener(listener); }
    const kept = JSON.parse(readFileSync(heads, 'utf8'));
    assert.equal(kept.last_key, await maxId(c));
    // while the listener is away, the tail is deleted: it says so when it comes back
    await q(c, 'INSERT INTO saved_tail SELECT * FROM sec_check.ddl_log WHERE id >= $1', [kept.last_key]);
    await q(c, 'DELETE FROM sec_check.ddl_log WHERE id >= $1', [kept.last_key]);
    listener = await start();
    try {
      await waitUntil(() => events().some((e) => e.alert === 'head_missing'), 'head_missing alert');
    } finally { await stopListener(listener); }
    await q(c, 'INSERT INTO sec_check.ddl_log SELECT * FROM saved_tail; DROP TABLE saved_tail');
    assert.equal((await verify(c)).ok, true);
  });

  test('sec-check ddl renders a time window as JSON and as escaped HTML', async () => {
    await q(c, `CREATE TABLE "<script>alert(1)</script>" (x int)`);
    const out = tempPrefix('trail');
    const html = await cli(['ddl', '--since', '2000-01-01', '--format', 'html', '--output', `${out}.html`, ...connArgs(c)]);
    assert.equal(html.code, 0, html.stderr);
    const page = readFileSync(`${out}.html`, 'utf8');
    assert.doesNotMatch(page, /<script>/);
    assert.match(page, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(page, /Hash chain intact/);
    const json = await cli(['ddl', '--since', '2000-01-01', '--until', '2000-01-02', '--format', 'json', ...connArgs(c)]);
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout).rows, []);
    const all = JSON.parse((await cli(['ddl', ...connArgs(c)])).stdout);
    assert.equal(all.rows[0].object_identity, 'public."<script>alert(1)</script>"', 'newest first');
    const bad = await cli(['ddl', '--since', 'yesterday-ish', ...connArgs(c)]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--since: not a date\/time: "yesterday-ish"/);
  });
});

// once per run: the per-major wrappers re-import this file for the JS-language majors only
if (testMajor() === 18) describe('PostgreSQL 14 (the trail SQL without the JS engine)', () => {
  let c: Cluster;
  before(async () => {
    c = await startPg(14);
    // sec_check.runs is referenced by ddl_log_heads; the rest of the extension needs a JS language
    await q(c, 'CREATE SCHEMA sec_check; CREATE TABLE sec_check.runs (id bigint PRIMARY KEY)');
    for (const f of readdirSync(join(REPO, 'sql')).filter((n) => /^3\d\d_.*\.sql$/.test(n)).sort()) {
      const text = readFileSync(join(REPO, 'sql', f), 'utf8');
      // pg_extension_config_dump works only inside an extension script
      await q(c, text.split('\n').filter((l) => !/pg_extension_config_dump/.test(l)).join('\n'));
    }
    await q(c, 'REVOKE ALL ON SCHEMA sec_check FROM PUBLIC; SELECT sec_check.ddl_audit_enable()');
  });
  after(async () => { await c?.stop(); });

  test('the same capture on 14, and tampering found', async () => {
    const rows = await captureScenario(c, 'postgres');
    assertCaptured(rows);
    assert.equal((await verify(c)).ok, true);
    const id = rows[1].id;
    await q(c, `UPDATE sec_check.ddl_log SET session_user_name = 'someone_else' WHERE id = $1`, [id]);
    const v = await verify(c);
    assert.deepEqual([v.ok, v.first_bad_id], [false, Number(id)]);
  });
});

// ---- listener process helpers ----------------------------------------------------------------
interface Proc { child: ChildProcess; stderr: string }

function spawnListener(args: string[]): Promise<Proc> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const p: Proc = { child, stderr: '' };
  child.stderr!.on('data', (b) => { p.stderr += b; });
  child.stdout!.on('data', () => {});
  return Promise.resolve(p);
}

async function stopListener(p: Proc): Promise<void> {
  if (p.child.exitCode !== null) return;
  const done = new Promise((r) => p.child.once('close', r));
  p.child.kill('SIGTERM');
  await Promise.race([done, sleep(5000)]);
  if (p.child.exitCode === null) p.child.kill('SIGKILL');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUntil(cond: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await sleep(100);
  }
}

async function waitForText(p: Proc, re: RegExp): Promise<void> {
  await waitUntil(() => re.test(p.stderr), `${re} in listener stderr (got: ${p.stderr})`);
}
