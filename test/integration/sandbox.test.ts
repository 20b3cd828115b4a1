// Validators cannot hang the backend or reach the host: budgets and a stripped library,
// proven inside PostgreSQL 18 + pljs (QuickJS) and through the CLI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Cluster } from '../../src/harness/index.ts';
import { cli, configOf, connArgs, startPg18WithSecCheck, tempPrefix, writePack } from './support.ts';

let pg: Cluster;
before(async () => { pg = await startPg18WithSecCheck(); });
after(async () => { await pg?.stop(); });

const probe = (expr: string) => `function validate_result()
  local ok, err = pcall(function() return ${expr} end)
  return { status = ok and "Error" or "Info", short_description = tostring(err), full_description = "", recommendation = "" }
end
`;

const config = writePack({
  'config.json': configOf('sandbox', [
    { name: 'infinite loop', executors: [{ script: 'one.sql' }], validators: [{ script: 'loop.lua' }] },
    { name: 'loop that swallows errors', executors: [{ script: 'one.sql' }], validators: [{ script: 'pcall_loop.lua' }] },
    { name: 'os.execute', executors: [{ script: 'one.sql' }], validators: [{ script: 'os.lua' }] },
    { name: 'io.open', executors: [{ script: 'one.sql' }], validators: [{ script: 'io.lua' }] },
    { name: 'require', executors: [{ script: 'one.sql' }], validators: [{ script: 'require.lua' }] },
    { name: 'string bomb', executors: [{ script: 'one.sql' }], validators: [{ script: 'bomb.lua' }] },
    { name: 'after the bad ones', executors: [{ script: 'one.sql' }], validators: [{ script: 'fine.lua' }] },
  ]),
  'one.sql': 'SELECT 1 AS one',
  'loop.lua': 'function validate_result() while true do end end\n',
  'pcall_loop.lua': 'function validate_result() while true do pcall(function() while true do end end) end end\n',
  'os.lua': probe('os.execute("touch /tmp/sec_check_pwned")'),
  'io.lua': probe('io.open("/etc/passwd")'),
  'require.lua': probe('require("os")'),
  'bomb.lua': 'function validate_result() local s = "x" for i = 1, 40 do s = s .. s end return {status="Success", short_description=s, full_description="", recommendation=""} end\n',
  'fine.lua': 'function validate_result() return {status="Success", short_description="still running", full_description="", recommendation=""} end\n',
});

function assertSandboxed(r: Record<string, any>) {
  for (const name of ['infinite loop', 'loop that swallows errors']) {
    assert.equal(r[name].status, 'Failed', name);
    assert.match(r[name].full_description, /budget/, name);
  }
  for (const name of ['os.execute', 'io.open', 'require']) {
    assert.equal(r[name].status, 'Info', `${name} must be unavailable`);
    assert.match(r[name].short_description, /nil/, name);
  }
  assert.equal(r['string bomb'].status, 'Failed');
  assert.match(r['string bomb'].full_description, /string length limit/);
  assert.equal(r['after the bad ones'].status, 'Success');
}

test('inside the database: runaway validators fail within budget and the backend stays responsive', async () => {
  const up = await cli(['pack', ...connArgs(pg), '--config', config, '--upload', 'sandbox']);
  assert.equal(up.code, 0, up.stderr);
  const client = await pg.connect();
  const t0 = performance.now();
  const res = await client.query(`SELECT check_name, status, short_description, full_description FROM sec_check.run(NULL, 'en', 'sandbox')`);
  const seconds = (performance.now() - t0) / 1000;
  console.log(`in-database sandbox run: ${seconds.toFixed(1)} s for ${res.rowCount} checks`);
  assertSandboxed(Object.fromEntries(res.rows.map((x) => [x.check_name, x])));
  // two 3 s time budgets plus overhead; a hang would be minutes
  assert.ok(seconds < 20, `took ${seconds} s`);
  const ping = await client.query('SELECT 42 AS answer');
  assert.equal(ping.rows[0].answer, 42);
});

test('through the CLI: the same verdicts', async () => {
  const out = tempPrefix('sandbox');
  const res = await cli(['run', ...connArgs(pg), '--config', config, '--format', 'Json', '--output', out, '--fail-on', 'never']);
  assert.equal(res.code, 0, res.stderr);
  const report = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
  assertSandboxed(Object.fromEntries(report.results.map((x: { name: string }) => [x.name, x])));
});

test('executors only read, in the database and from the CLI: writes fail and leave nothing behind', async () => {
  await pg.query('CREATE TABLE public.keep_me (a int); CREATE SEQUENCE public.counter');
  const config = writePack({
    'config.json': configOf('writes', [
      { name: 'drop', executors: [{ script: 'drop.sql' }], validators: [{ script: 'ok.lua' }] },
      { name: 'nextval', executors: [{ script: 'nextval.sql' }], validators: [{ script: 'ok.lua' }] },
      { name: 'write in a CTE', executors: [{ script: 'cte.sql' }], validators: [{ script: 'ok.lua' }] },
      { name: 'plain read', executors: [{ script: 'read.sql' }], validators: [{ script: 'ok.lua' }] },
    ]),
    'drop.sql': 'DROP TABLE public.keep_me',
    'nextval.sql': `SELECT nextval('public.counter') AS n`,
    'cte.sql': 'WITH gone AS (DELETE FROM public.keep_me RETURNING *) SELECT count(*) FROM gone',
    'read.sql': 'SELECT count(*) AS n FROM public.keep_me',
    'ok.lua': 'function validate_result() return { status = "Success", short_description = "", full_description = "", recommendation = "" } end\n',
  });
  // nextval is a side effect the upload refuses unless allowed: allowed here to show the
  // read-only transaction stops it too (the second layer)
  const up = await cli(['pack', ...connArgs(pg), '--config', config, '--upload', 'writes', '--allow-side-effects', 'nextval']);
  assert.equal(up.code, 0, up.stderr);
  const rows = await pg.query(`SELECT check_name, status, full_description FROM sec_check.run(NULL, 'en', 'writes')`);
  const db = Object.fromEntries(rows.map((r) => [r.check_name, r]));
  const out = tempPrefix('writes');
  const res = await cli(['run', ...connArgs(pg), '--config', config, '--format', 'Json', '--output', out, '--fail-on', 'never', '--allow-side-effects', 'nextval']);
  assert.equal(res.code, 0, res.stderr);
  const agent = Object.fromEntries(JSON.parse(readFileSync(`${out}.json`, 'utf8')).results.map((r: { name: string }) => [r.name, r]));
  for (const host of [db, agent]) {
    for (const name of ['drop', 'nextval', 'write in a CTE']) assert.equal(host[name].status, 'Failed', name);
    assert.match(host.nextval.full_description, /read-only transaction/);
    assert.equal(host['plain read'].status, 'Success');
  }
  assert.equal((await pg.query(`SELECT to_regclass('public.keep_me') IS NOT NULL AS kept`))[0].kept, true);
  assert.equal((await pg.query(`SELECT last_value, is_called FROM public.counter`))[0].is_called, false, 'the sequence never moved');
  const runs = await pg.query(`SELECT count(*)::int AS n FROM sec_check.runs`);
  assert.ok(runs[0].n >= 1, 'the run itself was still stored');
});
