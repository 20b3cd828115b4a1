// What we do about pljs swallowing cancellation: a notice to the DBA, a run deadline so no
// in-database run goes on unbounded, and a teardown that does not hang on pljs sessions.
// test-runner: alone (asserts run and stop times in seconds)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Cluster } from '../../src/harness/index.ts';
import { cli, configOf, connArgs, luaReturning, startPg18WithSecCheck, writePack } from './support.ts';

let pg: Cluster;
before(async () => { pg = await startPg18WithSecCheck(); });
after(async () => { await pg?.stop(); });

test('run() on pljs tells the DBA the session is no longer cancellable', async () => {
  const client = await pg.connect();
  const notices: string[] = [];
  client.on('notice', (n) => notices.push(n.message ?? ''));
  await client.query(`SELECT * FROM sec_check.run('installation')`);
  assert.ok(notices.some((m) => /pljs: a cancel or statement_timeout stops this run only when the current executor query ends, pg_terminate_backend is ignored/.test(m)), notices.join('\n'));
});

test('the max_run_seconds setting bounds a run: checks not started in time are Skipped (deadline)', async () => {
  const config = writePack({
    'config.json': configOf('slow', [1, 2, 3, 4].map((i) => ({ name: `slow ${i}`, executors: [{ script: 'sleep.sql' }], validators: [{ script: 'ok.lua' }] }))),
    'sleep.sql': 'SELECT pg_sleep(1.0) IS NULL AS slept',
    'ok.lua': luaReturning('Success'),
  });
  const up = await cli(['pack', ...connArgs(pg), '--config', config, '--upload', 'slow']);
  assert.equal(up.code, 0, up.stderr);
  await pg.query(`SELECT sec_check.configure('max_run_seconds', '1.5')`);
  const client = await pg.connect();
  const t0 = performance.now();
  const res = await client.query(`SELECT check_name, status, skip_reason FROM sec_check.run(NULL, 'en', 'slow')`);
  const seconds = (performance.now() - t0) / 1000;
  const statuses = res.rows.map((r) => `${r.status}${r.skip_reason ? `(${r.skip_reason})` : ''}`);
  assert.deepEqual(statuses, ['Success', 'Success', 'Skipped(deadline)', 'Skipped(deadline)']);
  assert.ok(seconds < 4, `the run took ${seconds} s`);
  await pg.query(`SELECT sec_check.configure('max_run_seconds', NULL)`);
});

test('a cluster with a connected pljs session still stops promptly', async () => {
  const other = await startPg18WithSecCheck();
  const client = await other.connect();
  await client.query(`SELECT count(*) FROM sec_check.run('logging')`); // pljs is now loaded in that backend
  const t0 = performance.now();
  await other.stop();
  const seconds = (performance.now() - t0) / 1000;
  assert.ok(seconds < 15, `stop took ${seconds} s`);
});
