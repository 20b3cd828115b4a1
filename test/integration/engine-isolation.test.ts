// The audit engine's JavaScript context is out of reach of everything the auditor (or a
// superuser who ran someone's code) can execute, on PostgreSQL 18 + pljs. First the red
// team's reproduction, exactly: a developer's pljs function that wraps the engine and makes
// every verdict Success, called by the auditor before its audit. Then the other routes into
// the context the verdicts are computed in: poisoned built-ins, a start procedure, a
// function an executor calls in the middle of the run (and that tries to answer for it),
// SECURITY DEFINER code of a role the auditor controls, a superuser's session that ran a
// trojan, and a superuser who makes itself the engine's role before or after it loads.
// Each must fail: the run refuses, or its verdicts equal those of a clean session.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import type { Cluster } from '../../src/harness/index.ts';
import { cli, configOf, connArgs, luaReturning, startPg18WithSecCheck, writePack } from './support.ts';

type Row = Record<string, any>;
let cluster: Cluster;
/** check -> status of a clean run by the auditor, all groups (the reference). */
let reference: Map<string, string>;

// agent_freshness judges sec_check's own stored history (which every run adds to), not the
// server: it is left out of the comparisons.
const HISTORY_DEPENDENT = new Set(['agent_freshness']);

async function verdicts(client: pg.Client, groups = 'NULL'): Promise<Map<string, string>> {
  const rows: Row[] = (await client.query(`SELECT check_id, check_name, status FROM sec_check.run(${groups})`)).rows;
  return new Map(rows.filter((r) => !HISTORY_DEPENDENT.has(r.check_id)).map((r) => [`${r.check_id ?? r.check_name}`, r.status]));
}

function assertSame(actual: Map<string, string>, expected: Map<string, string>, what: string) {
  assert.ok(actual.size > 0, `${what}: the run returned verdicts`);
  for (const [k, v] of actual) assert.equal(v, expected.get(k), `${what}: ${k}`);
}

before(async () => {
  cluster = await startPg18WithSecCheck();
  await cluster.query(`CREATE ROLE auditor LOGIN; GRANT pg_monitor, pg_read_all_settings TO auditor;
    SELECT sec_check.grant_audit_access('auditor');
    CREATE ROLE dev LOGIN; GRANT USAGE ON LANGUAGE pljs TO dev;
    CREATE SCHEMA devs AUTHORIZATION dev; GRANT USAGE ON SCHEMA devs TO PUBLIC;`);
  // The red team's function, verbatim in what it does: wrap the engine's entry point and
  // turn every verdict into Success. It also wraps the 0.4.0 entry point, and records in a
  // setting (visible to the session) which role it ran as.
  await cluster.query(`SET ROLE dev;
    CREATE FUNCTION devs.prep() RETURNS text LANGUAGE pljs AS $$
      const forge = (r) => { if (r && r.results) for (const x of r.results) x.status = 'Success'; if (r && r.report) forge(r.report); return r; };
      for (const name of ['__sec_check_engine', '__sec_check_audit']) {
        const e = globalThis[name];
        if (e && typeof e.handle === 'function') { const h = e.handle; e.handle = (q) => forge(h(q)); }
        if (e && typeof e.step === 'function') { const s = e.step; try { e.step = (q, d, b) => forge(s(q, d, b)); } catch (err) {} }
      }
      pljs.execute("SELECT set_config('sec_check.test_prep_ran_as', current_user, false)");
      return 'wrapped';
    $$;
    CREATE FUNCTION devs.poison() RETURNS void LANGUAGE pljs AS $$
      const push = Array.prototype.push;
      Array.prototype.push = function (...xs) { for (const x of xs) if (x && typeof x === 'object' && 'status' in x) x.status = 'Success'; return push.apply(this, xs); };
      const parse = JSON.parse;
      JSON.parse = (t, r) => { const v = parse(t, r); if (Array.isArray(v)) for (const x of v) if (x && 'status' in x) x.status = 'Success'; return v; };
      const replace = String.prototype.replace;
      String.prototype.replace = function (a, b) { return replace.call(this, a, b).split('Warning').join('Success').split('Error').join('Success'); };
      Object.prototype.status = 'Success';
      globalThis.__sec_check_audit = { buildId: 'x', step: () => ({ report: {} }) };
      pljs.execute("SELECT set_config('sec_check.test_poison_ran_as', current_user, false)");
    $$;
    -- what an executor of a foreign pack may call: returns a value and poisons its context
    CREATE FUNCTION devs.spy() RETURNS text LANGUAGE pljs AS $$
      pljs.execute('SELECT devs.poison()');
      return 'real';
    $$;
    -- a start procedure: pljs runs it when it creates a context, before anything else
    CREATE FUNCTION devs.mark() RETURNS void LANGUAGE pljs AS $$
      globalThis.marked = true;
      const push = Array.prototype.push;
      Array.prototype.push = function (...xs) { for (const x of xs) if (x && typeof x === 'object' && 'status' in x) x.status = 'Success'; return push.apply(this, xs); };
    $$;
    CREATE FUNCTION devs.seen() RETURNS boolean LANGUAGE pljs AS $$ return globalThis.marked === true; $$;
    CREATE FUNCTION devs.definer_prep() RETURNS text LANGUAGE pljs SECURITY DEFINER AS $$ return pljs.execute('SELECT devs.prep() AS p')[0].p; $$;
    RESET ROLE;`);
  const a = await cluster.connect('auditor');
  try {
    reference = await verdicts(a);
  } finally {
    await a.end();
  }
  assert.ok([...reference.values()].some((s) => s !== 'Success'), 'the throwaway server has findings (trust authentication)');
});
after(async () => { await cluster?.stop(); });

async function asAuditor<T>(fn: (c: pg.Client) => Promise<T>, user = 'auditor'): Promise<T> {
  const c = await cluster.connect(user);
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

test('the red team\'s reproduction: the auditor calls the engine, then devs.prep(), then run(): the verdicts stay true', async () => {
  await asAuditor(async (a) => {
    const [{ r }] = (await a.query(`SELECT sec_check.engine('{"op":"progress"}') AS r`)).rows;
    assert.ok(r, 'the tools engine answered (and is now loaded in the auditor\'s context)');
    assert.equal((await a.query('SELECT devs.prep() AS p')).rows[0].p, 'wrapped');
    assertSame(await verdicts(a), reference, 'after devs.prep()');
    assert.equal((await a.query(`SELECT current_setting('sec_check.test_prep_ran_as') AS r`)).rows[0].r, 'auditor', 'prep ran in the auditor\'s own context');
    const [{ n }] = (await a.query(`SELECT count(*)::int AS n FROM sec_check.results WHERE run_id = (SELECT max(id) FROM sec_check.runs WHERE run_by = 'auditor') AND status = 'Success'`)).rows;
    assert.ok(n < reference.size, `stored ${n} Success of ${reference.size}`);
  });
});

test('variant: built-ins poisoned in the auditor\'s context (Array.prototype.push, JSON.parse, String.prototype.replace, Object.prototype, a fake engine global)', async () => {
  await asAuditor(async (a) => {
    await a.query('SELECT devs.poison()');
    assert.equal((await a.query(`SELECT current_setting('sec_check.test_poison_ran_as') AS r`)).rows[0].r, 'auditor');
    assertSame(await verdicts(a), reference, 'after devs.poison()');
  });
});

test('variant: pljs.start_proc set for the session runs in the auditor\'s context only, never in the engine\'s', async () => {
  await asAuditor(async (a) => {
    await a.query(`SET pljs.start_proc = 'devs.mark'`);
    assert.equal((await a.query('SELECT devs.seen() AS s')).rows[0].s, true, 'the start procedure ran when the auditor\'s context was created');
    // had it run in the engine's context, the engine would find its global (and pljs's
    // global named after the function) there and refuse; the verdicts are the true ones
    assertSame(await verdicts(a), reference, 'with pljs.start_proc = devs.mark');
  });
});

test('variant: a SECURITY DEFINER function of a role the auditor can use runs in that role\'s context', async () => {
  await cluster.query('GRANT dev TO auditor');
  try {
    await asAuditor(async (a) => {
      await a.query('SELECT devs.definer_prep()');
      assert.equal((await a.query(`SELECT current_setting('sec_check.test_prep_ran_as') AS r`)).rows[0].r, 'dev');
      await a.query('SET ROLE dev');
      await a.query('SELECT devs.prep()');
      await a.query('RESET ROLE');
      assertSame(await verdicts(a), reference, 'after definer and SET ROLE preparation');
    });
  } finally {
    await cluster.query('REVOKE dev FROM auditor');
  }
});

test('variant: an executor that calls JavaScript mid-run reaches only the auditor\'s context; answering for the engine makes the run fail, nothing is stored', async () => {
  const config = writePack({
    'config.json': configOf('spy', [
      { name: 'calls a function', executors: [{ script: 'spy.sql' }], validators: [{ script: 'v.lua' }] },
      { name: 'after it', executors: [{ script: 'after.sql' }], validators: [{ script: 'v.lua' }] },
    ]),
    'spy.sql': 'SELECT devs.spy() AS v',
    'after.sql': `SELECT 'after' AS v`,
    'v.lua': luaReturning('Warning'),
  });
  const up = await cli(['pack', ...connArgs(cluster), '--config', config, '--upload', 'spy']);
  assert.equal(up.code, 0, up.stderr);
  await asAuditor(async (a) => {
    const rows: Row[] = (await a.query(`SELECT check_name, status, short_description FROM sec_check.run(NULL, 'en', 'spy')`)).rows;
    assert.deepEqual(rows.map((r) => [r.check_name, r.status, r.short_description]),
      [['calls a function', 'Warning', 'v=real'], ['after it', 'Warning', 'v=after']], 'the executor\'s poisoning changed nothing');
    assertSame(await verdicts(a), reference, 'after a run whose executor poisoned the auditor\'s context');
  });
  // executors that call the engine themselves: a new start, or an answer with a guessed
  // token; either ends the run, and nothing is stored
  const calls = {
    start: `SELECT sec_check.engine_step(jsonb_build_object('op', 'start', 'pack_name', 'builtin', 'build_id', sec_check.build_id()), NULL) IS NOT NULL AS v`,
    answer: `SELECT sec_check.engine_step('{"op": "answer", "token": "guess", "ok": true, "count": 1, "bytes": 20}', '[{"v": "forged"}]') IS NOT NULL AS v`,
  };
  for (const [name, sql] of Object.entries(calls)) {
    const forger = writePack({
      'config.json': configOf(name, [{ name: 'calls the engine', executors: [{ script: 'q.sql' }], validators: [{ script: 'v.lua' }] }]),
      'q.sql': sql,
      'v.lua': luaReturning('Warning'),
    });
    assert.equal((await cli(['pack', ...connArgs(cluster), '--config', forger, '--upload', `forger_${name}`])).code, 0);
    await asAuditor(async (a) => {
      const before = (await a.query(`SELECT count(*)::int AS n FROM sec_check.runs`)).rows[0].n;
      await assert.rejects(a.query(`SELECT * FROM sec_check.run(NULL, 'en', 'forger_${name}')`), /interrupted by another call of the engine in this session; nothing was recorded/, name);
      assert.equal((await a.query(`SELECT count(*)::int AS n FROM sec_check.runs`)).rows[0].n, before, name);
    });
  }
});

test('variant: a superuser whose session ran a trojan before auditing gets true verdicts', async () => {
  const su = await cluster.connect();
  try {
    await su.query('SELECT devs.prep(), devs.poison()');
    const rows: Row[] = (await su.query(`SELECT check_id, status FROM sec_check.run('connections')`)).rows;
    const clean = await cluster.connect();
    try {
      const expected: Row[] = (await clean.query(`SELECT check_id, status FROM sec_check.run('connections')`)).rows;
      assert.deepEqual(rows, expected);
    } finally {
      await clean.end();
    }
  } finally {
    await su.end();
  }
});

test('variant: a superuser that makes itself the engine\'s role before the engine loads is refused; after, it can change nothing', async () => {
  // before: anything left in the context is found when the engine first loads
  const before = await cluster.connect();
  try {
    await before.query(`SET ROLE sec_check_engine`);
    await before.query(`DO $$ globalThis.helper = 1; $$ LANGUAGE pljs`);
    await before.query('RESET ROLE');
    await assert.rejects(before.query(`SELECT * FROM sec_check.run('logging')`), /context already holds helper: other code ran in it before the engine/);
  } finally {
    await before.end();
  }
  // after: the engine is a non-configurable global and every built-in is frozen
  const afterLoad = await cluster.connect();
  try {
    const expected: Row[] = (await afterLoad.query(`SELECT check_id, status FROM sec_check.run('logging')`)).rows;
    await afterLoad.query(`SET ROLE sec_check_engine`);
    const [{ r }] = (await afterLoad.query(`SELECT sec_check.engine_step('{"op":"nothing"}', NULL) AS r`)).rows;
    assert.match(r.sec_check_error, /build|unknown request/);
    await afterLoad.query(`DO $$
      const tried = [];
      const attempt = (what, fn) => { try { fn(); } catch (e) { tried.push(what); } };
      attempt('engine', () => Object.defineProperty(globalThis, '__sec_check_audit', { value: { step: () => ({}) } }));
      attempt('step', () => { 'use strict'; globalThis.__sec_check_audit.step = () => ({}); });
      attempt('push', () => { 'use strict'; Array.prototype.push = () => 0; });
      attempt('json', () => { 'use strict'; JSON.parse = () => []; });
      attempt('replace', () => { 'use strict'; String.prototype.replace = () => ''; });
      attempt('proto', () => { 'use strict'; Object.prototype.status = 'Success'; });
      attempt('global', () => { 'use strict'; globalThis.extra = 1; });
      if (tried.length !== 7) throw new Error('changed: ' + ['engine', 'step', 'push', 'json', 'replace', 'proto', 'global'].filter((x) => !tried.includes(x)).join(','));
    $$ LANGUAGE pljs`);
    await afterLoad.query('RESET ROLE');
    assert.deepEqual((await afterLoad.query(`SELECT check_id, status FROM sec_check.run('logging')`)).rows, expected);
  } finally {
    await afterLoad.end();
  }
});

test('the engine\'s role must be one nobody can become: members, login or other objects make run() refuse', async () => {
  await cluster.query('GRANT sec_check_engine TO dev');
  try {
    await asAuditor(async (a) => {
      await assert.rejects(a.query(`SELECT * FROM sec_check.run('logging')`), /role sec_check_engine has members, so code other than the engine could run in its context/);
    });
  } finally {
    await cluster.query('REVOKE sec_check_engine FROM dev');
  }
  await cluster.query(`CREATE FUNCTION devs.owned() RETURNS int LANGUAGE sql AS 'SELECT 1'; ALTER FUNCTION devs.owned() OWNER TO sec_check_engine`);
  try {
    await asAuditor(async (a) => {
      await assert.rejects(a.query(`SELECT * FROM sec_check.run('logging')`), /owns other objects in this database/);
    });
  } finally {
    await cluster.query('DROP FUNCTION devs.owned()');
  }
  await cluster.query('ALTER ROLE sec_check_engine LOGIN');
  try {
    await asAuditor(async (a) => {
      await assert.rejects(a.query(`SELECT * FROM sec_check.run('logging')`), /has login or role attributes/);
    });
  } finally {
    await cluster.query('ALTER ROLE sec_check_engine NOLOGIN');
  }
  await asAuditor(async (a) => { assert.ok((await a.query(`SELECT * FROM sec_check.run('logging')`)).rows.length > 5); });
  const [{ owner, definer, config }] = await cluster.query(`SELECT proowner::regrole::text AS owner, prosecdef AS definer, proconfig AS config
    FROM pg_proc WHERE oid = 'sec_check.engine_step(jsonb,text)'::regprocedure`);
  assert.deepEqual([owner, definer], ['sec_check_engine', true]);
  assert.ok(config.includes('pljs.start_proc='), `start_proc pinned: ${config}`);
  const [role] = await cluster.query(`SELECT rolcanlogin, rolsuper, rolconnlimit FROM pg_roles WHERE rolname = 'sec_check_engine'`);
  assert.deepEqual(role, { rolcanlogin: false, rolsuper: false, rolconnlimit: 0 });
});
