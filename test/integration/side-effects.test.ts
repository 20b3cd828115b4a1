// Executors cannot change the server (issue 8, item 3): a pack whose SQL calls a function
// with effects outside the read-only audit transaction is refused by `pack --upload`, by
// `run --config` and by the in-database engine, unless its owner allowed that function;
// an advisory lock a check takes is not held after the check.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Cluster } from '../../src/harness/index.ts';
import { cli, configOf, connArgs, startPg18WithSecCheck, tempPrefix, writePack } from './support.ts';

let pg: Cluster;
before(async () => { pg = await startPg18WithSecCheck(); });
after(async () => { await pg?.stop(); });

const SIDE_EFFECTS: Record<string, string> = {
  dblink_exec: `SELECT dblink_exec('dbname=postgres', 'CREATE TABLE pwned ()') AS r`,
  dblink_connect: `SELECT dblink_connect('c', 'dbname=postgres') AS r`,
  dblink: `SELECT * FROM dblink('dbname=postgres', 'SELECT 1') AS t(x int)`,
  pg_advisory_lock: `SELECT pg_advisory_lock(1) IS NULL AS r`,
  pg_reload_conf: `SELECT pg_reload_conf() AS r`,
  pg_switch_wal: `SELECT pg_catalog.pg_switch_wal() AS r`,
  pg_create_restore_point: `SELECT "pg_create_restore_point"('x') AS r`,
  pg_stat_reset: `SELECT PG_STAT_RESET /* spaced */ () AS r`,
  pg_stat_reset_shared: `SELECT pg_stat_reset_shared('bgwriter') AS r`,
  lo_import: `SELECT lo_import('/etc/hostname') AS r`,
  lo_create: `SELECT lo_create(0) AS r`,
  pg_terminate_backend: `SELECT pg_terminate_backend(pid) AS r FROM pg_stat_activity`,
  pg_cancel_backend: `SELECT pg_cancel_backend(pid) AS r FROM pg_stat_activity`,
  set_config: `SELECT set_config('work_mem', '1GB', false) AS r`,
  pg_file_write: `SELECT pg_file_write('x', 'y', false) AS r`,
  pg_logical_emit_message: `SELECT pg_logical_emit_message(false, 'p', 'm') AS r`,
  nextval: `SELECT nextval('sec_check.runs_id_seq') AS r`,
  setval: `SELECT setval('sec_check.runs_id_seq', 1) AS r`,
};

const OK_LUA = `function validate_result() return { status = "Success", short_description = "", full_description = "", recommendation = "" } end\n`;

function sideEffectPack(): string {
  const files: Record<string, string | object> = { 'v.lua': OK_LUA };
  const items = Object.keys(SIDE_EFFECTS).map((fn) => {
    files[`fx/${fn}.sql`] = SIDE_EFFECTS[fn];
    return { name: fn, executors: [{ script: `fx/${fn}.sql` }], validators: [{ script: 'v.lua' }] };
  });
  files['config.json'] = configOf('fx', items);
  return writePack(files);
}

test('every listed side effect is refused by pack --upload and run --config, naming file and function', async () => {
  const config = sideEffectPack();
  const upload = await cli(['pack', ...connArgs(pg), '--config', config, '--upload', 'fx']);
  const run = await cli(['run', ...connArgs(pg), '--config', config, '--format', 'Json', '--output', tempPrefix('fx'), '--store']);
  for (const res of [upload, run]) {
    assert.equal(res.code, 2, res.stdout + res.stderr);
    for (const fn of Object.keys(SIDE_EFFECTS)) {
      assert.match(res.stderr, new RegExp(`executors\\[0\\]\\.script: fx/${fn}\\.sql calls ${fn}\\(\\), which acts outside the read-only audit transaction`), fn);
    }
    assert.doesNotMatch(res.stderr, /\n\s+at /, 'no stack trace');
  }
  assert.equal((await pg.query(`SELECT count(*)::int AS n FROM sec_check.packs WHERE name = 'fx'`))[0].n, 0);
  assert.equal((await pg.query(`SELECT count(*)::int AS n FROM sec_check.runs`))[0].n, 0);
  // allowed explicitly, the same pack loads, and the allowance is stored with it
  const allowed = await cli(['pack', ...connArgs(pg), '--config', config, '--upload', 'fx', '--allow-side-effects', Object.keys(SIDE_EFFECTS).join(',')]);
  assert.equal(allowed.code, 0, allowed.stderr);
  const [row] = await pg.query(`SELECT allow_side_effects FROM sec_check.packs WHERE name = 'fx'`);
  assert.deepEqual(row.allow_side_effects, Object.keys(SIDE_EFFECTS).sort());
});

test('a pack loaded without the CLI check is refused by the engine: dblink_exec does not run', async () => {
  const [{ n }] = await pg.query(`SELECT count(*)::int AS n FROM pg_available_extensions WHERE name = 'dblink'`);
  assert.equal(n, 1, 'dblink ships with the PostgreSQL 18 binaries');
  await pg.query('CREATE EXTENSION IF NOT EXISTS dblink');
  const pack = {
    configName: 'config.json',
    config: configOf('fx', [{ name: 'remote write', executors: [{ script: 'w.sql' }], validators: [{ script: 'v.lua' }] }]),
    files: { 'w.sql': `SELECT public.dblink_exec('dbname=postgres user=postgres host=${pg.socketDir} port=${pg.port}', 'CREATE TABLE public.pwned ()') AS r`, 'v.lua': OK_LUA },
    locales: {},
  };
  await pg.query(`SELECT sec_check.upload_pack('raw', $1::jsonb)`, [JSON.stringify(pack)]);
  await assert.rejects(pg.query(`SELECT * FROM sec_check.run(NULL, 'en', 'raw')`), /w\.sql calls dblink_exec\(\), which acts outside the read-only audit transaction/);
  assert.equal((await pg.query(`SELECT to_regclass('public.pwned') IS NULL AS absent`))[0].absent, true, 'no table was created');
  // once its owner allows it, the pack runs (this is what the allowance means: code you trust)
  await pg.query(`SELECT sec_check.upload_pack('raw', $1::jsonb, '{dblink_exec}')`, [JSON.stringify(pack)]);
  const rows = await pg.query(`SELECT status, full_description FROM sec_check.run(NULL, 'en', 'raw')`);
  assert.deepEqual(rows.map((r) => r.status), ['Success'], JSON.stringify(rows));
  assert.equal((await pg.query(`SELECT to_regclass('public.pwned') IS NOT NULL AS present`))[0].present, true);
  await pg.query('DROP TABLE public.pwned; DROP EXTENSION dblink');
});

const HELD = `SELECT count(*)::int AS held FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()`;
const HELD_LUA = `function validate_result()
  local held = sql_results[1].held
  if held == 0 then return { status = "Success", short_description = "no advisory lock held", full_description = "", recommendation = "" } end
  return { status = "Error", short_description = tostring(held) .. " advisory locks held", full_description = "", recommendation = "" }
end
`;

function lockPack(): string {
  return writePack({
    'config.json': configOf('locks', [
      { name: 'take', executors: [{ script: 'take.sql' }], validators: [{ script: 'v.lua' }] },
      { name: 'held', executors: [{ script: 'held.sql' }], validators: [{ script: 'held.lua' }] },
    ]),
    'take.sql': `SELECT pg_advisory_lock(4242) IS NULL AS r, pg_advisory_lock_shared(1, 2) IS NULL AS s`,
    'held.sql': HELD,
    'v.lua': OK_LUA,
    'held.lua': HELD_LUA,
  });
}

test('an advisory lock taken by a check (allowed pack) is not held after the check, in the database and from the CLI', async () => {
  const config = lockPack();
  const up = await cli(['pack', ...connArgs(pg), '--config', config, '--upload', 'locks', '--allow-side-effects', 'pg_advisory_lock,pg_advisory_lock_shared']);
  assert.equal(up.code, 0, up.stderr);
  const client = await pg.connect();
  try {
    const rows = (await client.query(`SELECT check_name, status, short_description FROM sec_check.run(NULL, 'en', 'locks')`)).rows;
    assert.deepEqual(rows.map((r) => [r.check_name, r.status]), [['take', 'Success'], ['held', 'Success']], JSON.stringify(rows));
    assert.equal((await client.query(HELD)).rows[0].held, 0, 'the session holds no advisory lock after the run');
    const other = await pg.query(`SELECT pg_try_advisory_lock(4242) AS got, pg_advisory_unlock(4242)`);
    assert.equal(other[0].got, true, 'another session can take the lock');
  } finally {
    await client.end();
  }
  const out = tempPrefix('locks');
  const res = await cli(['run', ...connArgs(pg), '--config', config, '--format', 'Json', '--output', out, '--allow-side-effects', 'pg_advisory_lock,pg_advisory_lock_shared', '--fail-on', 'Error']);
  assert.equal(res.code, 0, res.stdout + res.stderr);
  const report = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
  assert.deepEqual(report.results.map((r: { status: string }) => r.status), ['Success', 'Success']);
});
