// Real-server tests of the harness: provisioning, clusters, extras, pgTAP, PGXS and the
// pljs teardown case (pljs swallows SIGTERM, stop() must still finish).
// test-runner: alone (asserts how long stopping a server takes)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  ensureInstall,
  installExtensionFromRepo,
  parseTap,
  runPgTapFile,
  startCluster,
  type Cluster,
  type PgInstall,
} from '../../src/harness/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ms = (t0: number) => Math.round(performance.now() - t0);

/** Exists and is not a zombie (PID 1 may reap the re-parented postmaster late). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false;
  }
}

describe('PostgreSQL 18 with Debian extras', () => {
  let install: PgInstall;
  let cluster: Cluster;

  before(async () => {
    let t0 = performance.now();
    install = await ensureInstall(18);
    const first = ms(t0);
    console.log(
      `[harness] ensureInstall(18): ${install.provisioning.built ? 'cold (built)' : 'warm (cache)'} ` +
        `${install.provisioning.ms} ms, call ${first} ms; root ${install.root}`,
    );
    t0 = performance.now();
    await ensureInstall(18);
    console.log(`[harness] ensureInstall(18) again in-process: ${ms(t0)} ms`);
    t0 = performance.now();
    cluster = await startCluster(install, { sharedPreload: ['pgaudit'] });
    console.log(`[harness] startCluster(18) (initdb + start): ${ms(t0)} ms, port ${cluster.port}`);
  });
  after(async () => {
    await cluster?.stop();
  });

  test('reports version 18 and has the extras', async () => {
    assert.equal(Math.floor(cluster.versionNum / 10000), 18);
    assert.deepEqual([...install.extensions].sort(), ['pg_cron', 'pgaudit', 'pgtap', 'pljs', 'set_user']);
    const avail = await cluster.query<{ name: string }>(
      "SELECT name FROM pg_available_extensions WHERE name IN ('pljs','pgtap','pgaudit','set_user','pg_cron') ORDER BY name",
    );
    assert.deepEqual(avail.map((r) => r.name), ['pg_cron', 'pgaudit', 'pgtap', 'pljs', 'set_user']);
  });

  test('pg_config shim answers PGXS questions', () => {
    const out = (...a: string[]) => execFileSync(install.pgConfig, a, { encoding: 'utf8' }).trim();
    assert.equal(out('--version'), `PostgreSQL ${install.version}`);
    assert.ok(existsSync(out('--pgxs')), 'pgxs.mk exists');
    assert.equal(out('--sharedir'), path.join(install.root, 'share/postgresql'));
    assert.equal(out('--bindir', '--pkglibdir'), `${install.bindir}\n${path.join(install.root, 'lib/postgresql')}`);
  });

  test('CREATE EXTENSION pljs and run a pljs function', async () => {
    const c = await cluster.connect();
    try {
      await c.query('CREATE EXTENSION pljs');
      await c.query(
        "CREATE FUNCTION js_add(a int, b int) RETURNS int LANGUAGE pljs AS 'return a + b;'",
      );
      const r = await c.query('SELECT js_add(40, 2) AS v');
      assert.equal(r.rows[0].v, 42);
    } finally {
      await c.end();
    }
  });

  test('pgaudit (preloaded) and set_user install', async () => {
    await cluster.query('CREATE EXTENSION pgaudit');
    await cluster.query('CREATE EXTENSION set_user');
    const r = await cluster.query<{ v: string }>("SELECT current_setting('shared_preload_libraries') AS v");
    assert.match(r[0].v, /pgaudit/);
  });

  test('pgTAP: passing and failing scripts are reported correctly', async () => {
    const c = await cluster.connect();
    try {
      await c.query('CREATE EXTENSION pgtap');
      const pass = await runPgTapFile(
        c,
        `BEGIN;
         SELECT plan(2);
         SELECT ok(true, 'truth');
         SELECT is(1 + 1, 2, 'sum');
         SELECT * FROM finish();
         ROLLBACK;`,
      );
      assert.deepEqual([pass.planned, pass.passed, pass.failed, pass.failures], [2, 2, 0, []]);

      const fail = await runPgTapFile(
        c,
        `BEGIN;
         SELECT plan(3);
         SELECT ok(true, 'fine');
         SELECT is(1 + 1, 3, 'bad sum');
         SELECT * FROM finish();
         ROLLBACK;`,
      );
      assert.equal(fail.planned, 3);
      assert.equal(fail.passed, 1);
      // one failed test + the plan/ran mismatch (planned 3, ran 2)
      assert.equal(fail.failed, 2);
      assert.match(fail.failures[0], /^not ok 2 - bad sum[\s\S]*have: 2[\s\S]*want: 3/);
      assert.match(fail.failures[1], /planned 3 test\(s\) but ran 2/);

      const broken = await runPgTapFile(c, `BEGIN; SELECT plan(1); SELECT no_such_function(); ROLLBACK;`);
      assert.equal(broken.planned, 1);
      assert.ok(broken.failed >= 1);
      assert.match(broken.failures.join('\n'), /SQL error: .*no_such_function/);
      // the session is usable again after the error
      assert.equal((await c.query('SELECT 1 AS one')).rows[0].one, 1);
    } finally {
      await c.end();
    }
  });

  test('alterSystem reload, writeHba, restart', async () => {
    await cluster.alterSystem({ log_connections: 'on', search_path: '"$user", public, extra' }, 'reload');
    const r = await cluster.query<{ name: string; setting: string }>(
      "SELECT name, setting FROM pg_settings WHERE name IN ('log_connections','search_path') ORDER BY name",
    );
    assert.deepEqual(
      r.map((x) => x.setting),
      ['on', '"$user", public, extra'],
    );
    await cluster.writeHba(['local all all trust', 'host all all 127.0.0.1/32 scram-sha-256']);
    const rules = await cluster.query<{ auth_method: string }>(
      "SELECT auth_method FROM pg_hba_file_rules WHERE type = 'host'",
    );
    assert.deepEqual(rules.map((x) => x.auth_method), ['scram-sha-256']);
    await assert.rejects(cluster.writeHba(['local all all trust', 'host all all 127.0.0.1/32 no_such_method']), /pg_hba.conf rejected/);
    // the rejected file was rolled back: the scram rule is still in force
    assert.match(await fs.readFile(path.join(cluster.dataDir, 'pg_hba.conf'), 'utf8'), /scram-sha-256/);
    await cluster.writeHba(['local all all trust', 'host all all 127.0.0.1/32 trust']);
    const t0 = performance.now();
    await cluster.alterSystem({ max_connections: 50 }, 'restart');
    console.log(`[harness] alterSystem(..., 'restart'): ${ms(t0)} ms`);
    const mc = await cluster.query<{ v: string }>("SELECT current_setting('max_connections') AS v");
    assert.equal(mc[0].v, '50');
    assert.match(cluster.logTail(200), /database system is ready to accept connections/);
  });

  test('PGXS make install of a SQL-only extension through the pg_config shim', async () => {
    await installExtensionFromRepo(install, path.join(here, 'fixtures', 'harness_fixture_ext'));
    await cluster.query('CREATE EXTENSION harness_fixture_ext');
    const r = await cluster.query<{ v: number }>('SELECT harness_fixture_answer() AS v');
    assert.equal(r[0].v, 42);
  });

  test('stop() is quick when the pljs session is a tracked client', async () => {
    const c2 = await startCluster(install);
    await c2.query('CREATE EXTENSION pljs');
    const tracked = await c2.connect();
    await tracked.query("DO $$ pljs.elog(NOTICE, 'pljs loaded') $$ LANGUAGE pljs");
    const t0 = performance.now();
    await c2.stop(); // sends Terminate on the protocol: no signal for pljs to swallow
    const took = ms(t0);
    console.log(`[harness] stop() with a tracked pljs session: ${took} ms`);
    assert.ok(took < 5_000, `stop took ${took} ms`);
  });

  test('stop() does not hang with pljs loaded in connected sessions', async () => {
    const c2 = await startCluster(install);
    const pid = Number((await fs.readFile(path.join(c2.dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    assert.ok(alive(pid));
    await c2.query('CREATE EXTENSION pljs');
    // tracked session: stop() ends it itself
    const tracked = await c2.connect();
    await tracked.query("DO $$ pljs.elog(NOTICE, 'pljs loaded') $$ LANGUAGE pljs");
    // untracked session, as a test that forgot its client would leave: pljs swallows the
    // SIGTERM of a fast shutdown here, so stop() has to escalate
    const raw = new pg.Client(c2.clientConfig());
    raw.on('error', () => {});
    await raw.connect();
    await raw.query("DO $$ pljs.elog(NOTICE, 'pljs loaded') $$ LANGUAGE pljs");
    const t0 = performance.now();
    await c2.stop();
    const took = ms(t0);
    console.log(`[harness] stop() with pljs sessions connected: ${took} ms`);
    assert.ok(took < 20_000, `stop took ${took} ms`);
    assert.equal(alive(pid), false, 'postmaster is gone');
    assert.equal(existsSync(c2.dataDir), false, 'temp dirs removed');
    await raw.end().catch(() => {});
  });
});

describe('PostgreSQL 14', () => {
  test('starts and reports version 14', async () => {
    let t0 = performance.now();
    const install = await ensureInstall(14);
    console.log(
      `[harness] ensureInstall(14): ${install.provisioning.built ? 'cold (built)' : 'warm (cache)'} ${ms(t0)} ms`,
    );
    assert.deepEqual(install.extensions, []);
    t0 = performance.now();
    const c = await startCluster(install, { listenTcp: false });
    console.log(`[harness] startCluster(14): ${ms(t0)} ms`);
    try {
      assert.equal(Math.floor(c.versionNum / 10000), 14);
      const r = await c.query<{ v: string }>("SELECT current_setting('server_version') AS v");
      assert.match(r[0].v, /^14\./);
    } finally {
      await c.stop();
    }
  });
});

describe('TAP parsing', () => {
  test('TODO, SKIP, no plan and bail out', () => {
    const r = parseTap(['1..3', 'ok 1 - a', 'not ok 2 - b # TODO later', 'ok 3 # SKIP no'], null);
    assert.deepEqual([r.planned, r.passed, r.failed], [3, 3, 0]);
    assert.equal(parseTap([], null).failed, 1);
    const b = parseTap(['1..2', 'ok 1', 'Bail out! broken'], null);
    assert.equal(b.failed, 2); // bail out + ran 1 of 2
  });
});

// Cold provisioning into an empty cache (downloads from Debian): proves a fresh machine's path on every run.
describe('cold provisioning', () => {
  test('ensureInstall(18) into an empty cache, then warm', async () => {
    const saved = process.env.SEC_CHECK_CACHE;
    const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'sec_check-coldcache-'));
    await fs.chmod(tmp, 0o755); // reachable by the postgres OS user: no temp-dir mirror needed
    process.env.SEC_CHECK_CACHE = tmp;
    let root = '';
    try {
      const t0 = performance.now();
      const cold = await ensureInstall(18);
      root = cold.root;
      console.log(`[harness] cold ensureInstall(18): ${ms(t0)} ms (built=${cold.provisioning.built})`);
      assert.equal(cold.provisioning.built, true);
      const t1 = performance.now();
      const c = await startCluster(cold);
      console.log(`[harness] startCluster on the cold install: ${ms(t1)} ms`);
      await c.stop();
    } finally {
      if (saved === undefined) delete process.env.SEC_CHECK_CACHE;
      else process.env.SEC_CHECK_CACHE = saved;
      await fs.rm(tmp, { recursive: true, force: true });
      if (root && !root.startsWith(tmp)) await fs.rm(root, { recursive: true, force: true });
    }
  });
});
