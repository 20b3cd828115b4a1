// No DDL commits without its trail rows (PostgreSQL 18 + sec_check, the trail strict by
// default): every session setting and transaction state a DDL-issuing role controls, tried
// by a table owner that is not a superuser, each with variants. The invariant checked after
// every attempt: the table exists only if the trail recorded it, and the chain verifies.
// docs/architecture.md, "DDL trail" / threat model, lists the routes and why each is closed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import type { Cluster } from '../../src/harness/index.ts';
import { startPg18WithSecCheck } from './support.ts';

let c: Cluster;
let su: pg.Client;
let seq = 0;
const name = (route: string) => `${route}_${++seq}`;

before(async () => {
  c = await startPg18WithSecCheck({ settings: { max_prepared_transactions: 4 } });
  su = await c.connect();
  await su.query(`CREATE ROLE table_owner LOGIN; GRANT CREATE ON SCHEMA public TO table_owner; GRANT CREATE ON DATABASE postgres TO table_owner;
                  CREATE ROLE other_owner LOGIN; GRANT CREATE ON SCHEMA public TO other_owner;
                  SELECT sec_check.ddl_audit_enable()`);
});
after(async () => {
  await su?.end().catch(() => {});
  await c?.stop();
});

async function owner(opts: Partial<pg.ClientConfig> = {}, user = 'table_owner'): Promise<pg.Client> {
  const client = new pg.Client({ ...c.clientConfig(user), ...opts });
  client.on('error', () => {});
  client.on('notice', () => {});
  await client.connect();
  return client;
}

/** The invariant: committed ⇒ recorded; and whether it committed. */
async function outcome(table: string): Promise<{ committed: boolean; recorded: boolean }> {
  const r = (await su.query(`SELECT to_regclass($1) IS NOT NULL AS committed,
      EXISTS (SELECT 1 FROM sec_check.ddl_log WHERE object_identity = 'public.' || $1 AND command_tag = 'CREATE TABLE') AS recorded`, [table])).rows[0];
  assert.ok(!r.committed || r.recorded, `${table} committed without its trail row`);
  const v = (await su.query('SELECT ok, detail FROM sec_check.ddl_log_verify()')).rows[0];
  assert.equal(v.ok, true, v.detail);
  return r;
}

/** Another owner's DDL in an open transaction holds the chain head row until release(). */
async function holdChain(): Promise<{ release: () => Promise<void> }> {
  const holder = await owner({}, 'other_owner');
  await holder.query('BEGIN');
  await holder.query(`CREATE TABLE ${name('holder')} (x int)`);
  return { release: async () => { await holder.query('COMMIT'); await holder.end(); } };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('lock_timeout cannot make the append give up: set in the session, SET LOCAL, as a role default, as a connection option, in a function\'s SET clause', async () => {
  const attempts: { label: string; run: (t: string) => Promise<unknown> }[] = [
    { label: 'SET', run: async (t) => { const o = await owner(); try { await o.query("SET lock_timeout = '50ms'"); await o.query(`CREATE TABLE ${t} (x int)`); } finally { await o.end(); } } },
    { label: 'SET LOCAL', run: async (t) => { const o = await owner(); try { await o.query('BEGIN'); await o.query("SET LOCAL lock_timeout = '1ms'"); await o.query(`CREATE TABLE ${t} (x int)`); await o.query('COMMIT'); } finally { await o.end(); } } },
    { label: 'connection option', run: async (t) => { const o = await owner({ options: '-c lock_timeout=5ms' }); try { await o.query(`CREATE TABLE ${t} (x int)`); } finally { await o.end(); } } },
    { label: 'function SET clause', run: async (t) => {
      const o = await owner();
      try {
        await o.query(`CREATE FUNCTION mk_${t}() RETURNS void LANGUAGE plpgsql SET lock_timeout = '1ms' AS $$ BEGIN CREATE TABLE ${t} (x int); END $$`);
        await o.query(`SELECT mk_${t}()`);
      } finally { await o.end(); }
    } },
  ];
  await su.query("ALTER ROLE other_owner SET lock_timeout = '2ms'"); // the holder's own default does not matter either
  for (const a of attempts) {
    const t = name('lockto');
    const hold = await holdChain();
    const ddl = a.run(t).then(() => 'ok', (e: Error) => e.message);
    await sleep(300); // longer than every timeout above: the DDL is still waiting, not failed
    await hold.release();
    assert.equal(await ddl, 'ok', a.label);
    assert.deepEqual(await outcome(t), { committed: true, recorded: true }, a.label);
  }
  // a role default applies from the next connection on
  await su.query("ALTER ROLE table_owner SET lock_timeout = '3ms'");
  try {
    const t = name('lockto_role');
    const hold = await holdChain();
    const ddl = (async () => { const o = await owner(); try { await o.query(`CREATE TABLE ${t} (x int)`); } finally { await o.end(); } })().then(() => 'ok', (e: Error) => e.message);
    await sleep(200);
    await hold.release();
    assert.equal(await ddl, 'ok');
    assert.deepEqual(await outcome(t), { committed: true, recorded: true });
  } finally {
    await su.query('ALTER ROLE table_owner RESET lock_timeout; ALTER ROLE other_owner RESET lock_timeout');
  }
});

test('statement_timeout and transaction_timeout cancel the whole DDL, never just the append', async () => {
  for (const setting of ["SET statement_timeout = '100ms'", "SET transaction_timeout = '150ms'", "SET idle_in_transaction_session_timeout = '50ms'"]) {
    const t = name('stmtto');
    const hold = await holdChain();
    const o = await owner();
    const ddl = (async () => { await o.query(setting); await o.query(`CREATE TABLE ${t} (x int)`); })().then(() => 'ok', (e: Error) => e.message);
    await sleep(500);
    await hold.release();
    const result = await ddl;
    await o.end().catch(() => {});
    const r = await outcome(t);
    if (setting.includes('idle')) assert.deepEqual(r, { committed: true, recorded: true }, 'idle timeout does not apply while the DDL runs');
    else assert.deepEqual([r.committed, /cancel|timeout|terminat|Connection terminated/i.test(result)], [false, true], `${setting}: ${result}`);
  }
});

test('REPEATABLE READ and SERIALIZABLE: a stale snapshot fails the DDL (40001) instead of recording a fork or nothing', async () => {
  const variants: { label: string; begin: string }[] = [
    { label: 'REPEATABLE READ', begin: 'BEGIN ISOLATION LEVEL REPEATABLE READ' },
    { label: 'SERIALIZABLE', begin: 'BEGIN ISOLATION LEVEL SERIALIZABLE' },
    { label: 'default_transaction_isolation', begin: "SET default_transaction_isolation = 'repeatable read'" },
  ];
  for (const v of variants) {
    const t = name('rr');
    const o = await owner();
    await o.query(v.begin);
    if (!v.begin.startsWith('BEGIN')) await o.query('BEGIN');
    await o.query('SELECT 1'); // the snapshot
    const other = await owner({}, 'other_owner');
    await other.query(`CREATE TABLE ${name('moved')} (x int)`); // the head moves after the snapshot
    await other.end();
    const err = await o.query(`CREATE TABLE ${t} (x int)`).then(() => null, (e: pg.DatabaseError) => e);
    await o.query('ROLLBACK').catch(() => {});
    await o.end();
    assert.equal(err?.code, '40001', `${v.label}: ${err?.message}`);
    assert.deepEqual(await outcome(t), { committed: false, recorded: false }, v.label);
  }
  // a function catching the error cannot keep the DDL: it is rolled back with the block
  const t = name('rr_caught');
  const o = await owner();
  await o.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
  await o.query('SELECT 1');
  const other = await owner({}, 'other_owner');
  await other.query(`CREATE TABLE ${name('moved')} (x int)`);
  await other.end();
  await o.query(`DO $$ BEGIN CREATE TABLE ${t} (x int); EXCEPTION WHEN OTHERS THEN RAISE NOTICE 'caught %', SQLERRM; END $$`);
  await o.query('COMMIT');
  await o.end();
  assert.deepEqual(await outcome(t), { committed: false, recorded: false });
});

test('session_replication_role = replica or local (SET granted to the owner): the triggers fire ALWAYS', async () => {
  await su.query('GRANT SET ON PARAMETER session_replication_role TO table_owner');
  try {
    for (const setting of ["SET session_replication_role = replica", "SET session_replication_role = local", "BEGIN; SET LOCAL session_replication_role = replica"]) {
      const t = name('replica');
      const o = await owner();
      await o.query(setting);
      await o.query(`CREATE TABLE ${t} (x int)`);
      await o.query(`DROP TABLE IF EXISTS ${t}_none`);
      if (setting.startsWith('BEGIN')) await o.query('COMMIT');
      await o.end();
      assert.deepEqual(await outcome(t), { committed: true, recorded: true }, setting);
    }
  } finally {
    await su.query('REVOKE SET ON PARAMETER session_replication_role FROM table_owner');
  }
});

test('event_triggers = off needs a superuser or a grant: a grant to a role is reported by the check as an Error', async () => {
  const o = await owner();
  await assert.rejects(o.query('SET event_triggers = off'), /permission denied/);
  await o.end();
  await su.query('GRANT SET ON PARAMETER event_triggers TO table_owner');
  try {
    const s = (await su.query('SELECT sec_check.ddl_trail_status() AS s')).rows[0].s;
    assert.equal(s.event_triggers_settable_by, 'table_owner');
  } finally {
    await su.query('REVOKE SET ON PARAMETER event_triggers FROM table_owner');
  }
  assert.equal((await su.query('SELECT sec_check.ddl_trail_status() AS s')).rows[0].s.event_triggers_settable_by, '');
});

test('read-only transactions refuse the DDL itself', async () => {
  for (const setting of ['BEGIN READ ONLY', 'SET default_transaction_read_only = on', 'BEGIN; SET TRANSACTION READ ONLY']) {
    const t = name('ro');
    const o = await owner();
    await o.query(setting);
    if (setting.startsWith('SET')) await o.query('BEGIN');
    const err = await o.query(`CREATE TABLE ${t} (x int)`).then(() => null, (e: Error) => e.message);
    await o.query('ROLLBACK').catch(() => {});
    await o.end();
    assert.match(String(err), /read-only transaction/, setting);
    assert.deepEqual(await outcome(t), { committed: false, recorded: false });
  }
});

test('search_path, shadowing functions and operators, temporary objects: the trail code resolves only pg_catalog and sec_check', async () => {
  const o = await owner();
  await o.query(`CREATE SCHEMA evil;
    CREATE FUNCTION evil.sha256(bytea) RETURNS bytea LANGUAGE sql AS $$ SELECT '\\x00'::bytea $$;
    CREATE FUNCTION evil.encode(bytea, text) RETURNS text LANGUAGE sql AS $$ SELECT 'forged' $$;
    CREATE FUNCTION evil.jsonb_exists(jsonb, text) RETURNS boolean LANGUAGE sql AS $$ SELECT true $$;
    CREATE OPERATOR evil.? (LEFTARG = jsonb, RIGHTARG = text, FUNCTION = evil.jsonb_exists);
    CREATE FUNCTION evil.txtcat(text, text) RETURNS text LANGUAGE sql AS $$ SELECT 'x' $$;
    CREATE OPERATOR evil.|| (LEFTARG = text, RIGHTARG = text, FUNCTION = evil.txtcat);
    CREATE TEMP TABLE ddl_chain (singleton boolean, last_id bigint, last_hash text);
    CREATE TEMP TABLE ddl_log (id bigint)`);
  for (const path of ['evil, pg_catalog', 'pg_temp, evil, public', '"$user", evil']) {
    const t = name('path');
    await o.query(`SET search_path = ${path}`);
    await o.query(`CREATE TABLE public.${t} (x int)`);
    assert.deepEqual(await outcome(t), { committed: true, recorded: true }, path);
  }
  await o.end();
});

test('PL/pgSQL, planner and literal settings of the session do not change what the trail code does', async () => {
  const settings = [
    "SET plpgsql.extra_errors = 'all'", "SET plpgsql.extra_warnings = 'all'", 'SET plpgsql.check_asserts = off',
    'SET plan_cache_mode = force_custom_plan', 'SET jit = on; SET jit_above_cost = 0; SET jit_inline_above_cost = 0',
    'SET standard_conforming_strings = off', 'SET backslash_quote = off', 'SET transform_null_equals = on', 'SET array_nulls = off',
    "SET DateStyle = 'SQL, DMY'; SET TimeZone = 'Pacific/Chatham'; SET IntervalStyle = sql_standard", 'SET extra_float_digits = -15',
    "SET bytea_output = 'escape'", "SET work_mem = '64kB'", 'SET enable_indexscan = off; SET enable_bitmapscan = off',
    "SET default_tablespace = ''; SET temp_tablespaces = ''", "SET client_min_messages = error", 'SET row_security = off',
  ];
  for (const s of settings) {
    const t = name('gucs');
    const o = await owner();
    await o.query(s);
    await o.query(`CREATE TABLE ${t} (x int)`);
    await o.end();
    assert.deepEqual(await outcome(t), { committed: true, recorded: true }, s);
  }
});

test('standard_conforming_strings = off: a password escaped with \\\' is still masked', async () => {
  const o = await owner();
  await su.query('CREATE FOREIGN DATA WRAPPER bypass_fdw; CREATE SERVER bypass_srv FOREIGN DATA WRAPPER bypass_fdw; GRANT USAGE ON FOREIGN SERVER bypass_srv TO table_owner');
  await o.query('SET standard_conforming_strings = off');
  await o.query("SET escape_string_warning = off");
  await o.query("CREATE USER MAPPING FOR table_owner SERVER bypass_srv OPTIONS (password 'it\\'s Zsecret1')");
  await o.end();
  const row = (await su.query(`SELECT statement FROM sec_check.ddl_log WHERE command_tag = 'CREATE USER MAPPING' ORDER BY id DESC LIMIT 1`)).rows[0];
  assert.doesNotMatch(row.statement, /Zsecret1/);
  assert.match(row.statement, /password '\*\*\*'/);
});

test('savepoints and subtransactions: rows go and stay with their DDL', async () => {
  const o = await owner();
  const [gone, kept, inner] = [name('sp_gone'), name('sp_kept'), name('sp_inner')];
  await o.query('BEGIN');
  await o.query('SAVEPOINT a');
  await o.query(`CREATE TABLE ${gone} (x int)`);
  await o.query('ROLLBACK TO a');
  await o.query('SAVEPOINT b');
  await o.query(`CREATE TABLE ${kept} (x int)`);
  await o.query('RELEASE b');
  await o.query(`DO $$ BEGIN BEGIN CREATE TABLE ${inner} (x int); RAISE EXCEPTION 'undo'; EXCEPTION WHEN OTHERS THEN NULL; END; END $$`);
  await o.query('COMMIT');
  await o.end();
  assert.deepEqual(await outcome(gone), { committed: false, recorded: false });
  assert.deepEqual(await outcome(kept), { committed: true, recorded: true });
  assert.deepEqual(await outcome(inner), { committed: false, recorded: false });
});

test('prepared transactions: NOTIFY makes PREPARE fail; with notify off, COMMIT PREPARED keeps both and ROLLBACK PREPARED neither', async () => {
  let t = name('twophase');
  let o = await owner();
  await o.query('BEGIN');
  await o.query(`CREATE TABLE ${t} (x int)`);
  await assert.rejects(o.query("PREPARE TRANSACTION 'tp1'"), /NOTIFY/);
  await o.end();
  assert.deepEqual(await outcome(t), { committed: false, recorded: false });
  await su.query(`SELECT sec_check.ddl_audit_enable('{"notify": "off"}')`);
  try {
    for (const finish of ['COMMIT PREPARED', 'ROLLBACK PREPARED']) {
      t = name('twophase');
      o = await owner();
      await o.query('BEGIN');
      await o.query(`CREATE TABLE ${t} (x int)`);
      await o.query(`PREPARE TRANSACTION '${t}'`);
      await o.end();
      await su.query(`${finish} '${t}'`);
      assert.deepEqual(await outcome(t), finish === 'COMMIT PREPARED' ? { committed: true, recorded: true } : { committed: false, recorded: false }, finish);
    }
  } finally {
    await su.query('SELECT sec_check.ddl_audit_enable()');
  }
});

test('an error inside the capture fails the DDL; strict off is an explicit choice that the check reports', async () => {
  // the owner's own constraint makes every append of these names fail
  await su.query(`ALTER TABLE sec_check.ddl_log ADD CONSTRAINT test_refuse CHECK (object_identity NOT LIKE 'public.refused%')`);
  try {
    for (const ddl of ['CREATE TABLE refused_a (x int)', 'CREATE TABLE refused_b AS SELECT 1 AS x', 'CREATE VIEW refused_c AS SELECT 1 AS x']) {
      const o = await owner();
      await assert.rejects(o.query(ddl), /test_refuse/);
      await o.end();
    }
    assert.equal((await su.query("SELECT count(*)::int AS n FROM pg_class WHERE relname LIKE 'refused%'")).rows[0].n, 0);
    await su.query(`SELECT sec_check.ddl_audit_enable('{"strict": false}')`);
    const o = await owner();
    const notices: string[] = [];
    o.on('notice', (n) => notices.push(n.message ?? ''));
    await o.query('CREATE TABLE refused_d (x int)');
    await o.end();
    assert.ok(notices.some((m) => /refused_d|CREATE TABLE not recorded in the DDL trail \(strict is off\)/.test(m)), notices.join('\n'));
    const s = (await su.query('SELECT sec_check.ddl_trail_status() AS s')).rows[0].s;
    assert.equal(s.strict, false);
  } finally {
    await su.query('ALTER TABLE sec_check.ddl_log DROP CONSTRAINT test_refuse; SELECT sec_check.ddl_audit_enable()');
    await su.query('DROP TABLE IF EXISTS refused_d');
  }
  assert.equal((await su.query('SELECT sec_check.ddl_trail_status() AS s')).rows[0].s.strict, true);
});
