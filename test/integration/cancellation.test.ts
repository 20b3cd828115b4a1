// What statement_timeout, pg_cancel_backend and pg_terminate_backend do to an in-database
// run on pljs 1.0.5, measured (the README's "pljs and cancellation" says the same): a cancel
// stops the run when the current executor query ends, with one clear line; terminate is
// ignored; afterwards the session's SQL cannot be cancelled.
// test-runner: alone (asserts when a cancelled run stops, in seconds)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import type { Cluster } from '../../src/harness/index.ts';
import { cli, configOf, connArgs, luaReturning, startPg18WithSecCheck, writePack } from './support.ts';

let cluster: Cluster;
before(async () => {
  cluster = await startPg18WithSecCheck();
  const config = writePack({
    'config.json': configOf('slow', [1, 2, 3, 4].map((i) => ({ name: `slow ${i}`, executors: [{ script: 'sleep.sql' }], validators: [{ script: 'ok.lua' }] }))),
    'sleep.sql': 'SELECT pg_sleep(1.0) IS NULL AS slept',
    'ok.lua': luaReturning('Success'),
  });
  const up = await cli(['pack', ...connArgs(cluster), '--config', config, '--upload', 'slow']);
  assert.equal(up.code, 0, up.stderr);
});
after(async () => { await cluster?.stop(); });

const runs = async () => (await cluster.query('SELECT count(*)::int AS n FROM sec_check.runs'))[0].n as number;

async function interrupted(prepare: (c: pg.Client, pid: number) => Promise<void> | void): Promise<{ error: any; seconds: number; client: pg.Client }> {
  const client = await cluster.connect();
  client.on('error', () => undefined);
  const pid = (await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  await prepare(client, pid);
  const t0 = performance.now();
  const error = await client.query(`SELECT * FROM sec_check.run(NULL, 'en', 'slow')`).then(() => null, (e) => e);
  return { error, seconds: (performance.now() - t0) / 1000, client };
}

function assertOneLine(error: any, cause: string) {
  assert.ok(error, 'the run was stopped');
  assert.equal(error.code, '57014', 'query_canceled');
  assert.match(error.message, new RegExp(`^sec_check: run cancelled \\(${cause}\\) during check "slow \\d" \\(group slow\\), \\d of 4 checks done; nothing was recorded$`));
  assert.equal(error.detail, undefined, 'no JavaScript stack in the detail');
}

test('statement_timeout stops the run when the current executor ends, with one clear line; nothing is recorded', async () => {
  const before = await runs();
  const { error, seconds, client } = await interrupted(async (c) => { await c.query('SET statement_timeout = 1500'); });
  try {
    assertOneLine(error, 'statement timeout');
    assert.ok(seconds >= 1.5 && seconds < 3.5, `stopped after ${seconds.toFixed(2)} s: at the end of the executor running at 1.5 s`);
    assert.equal(await runs(), before);
    assert.equal((await client.query('SELECT 1 AS ok')).rows[0].ok, 1, 'the session is still usable');
  } finally {
    await client.end();
  }
});

test('pg_cancel_backend does the same; pg_terminate_backend is ignored and the run completes', async () => {
  let timer: NodeJS.Timeout | undefined;
  const cancelled = await interrupted((_c, pid) => { timer = setTimeout(() => void cluster.query('SELECT pg_cancel_backend($1)', [pid]), 1500); });
  clearTimeout(timer);
  try {
    assertOneLine(cancelled.error, 'cancel request');
    assert.ok(cancelled.seconds < 3.5, `stopped after ${cancelled.seconds.toFixed(2)} s`);
  } finally {
    await cancelled.client.end();
  }
  const before = await runs();
  const terminated = await interrupted((_c, pid) => { timer = setTimeout(() => void cluster.query('SELECT pg_terminate_backend($1)', [pid]), 1500); });
  clearTimeout(timer);
  try {
    assert.equal(terminated.error, null, 'the run was not stopped');
    assert.ok(terminated.seconds >= 4, `ran all four checks (${terminated.seconds.toFixed(2)} s)`);
    assert.equal(await runs(), before + 1, 'and was recorded');
    assert.equal((await terminated.client.query('SELECT 1 AS ok')).rows[0].ok, 1, 'the backend is still alive');
  } finally {
    await terminated.client.end();
  }
});

test('after pljs is loaded, statement_timeout no longer cancels the session\'s SQL', async () => {
  const client = await cluster.connect();
  try {
    await client.query('SET statement_timeout = 300');
    await assert.rejects(client.query('SELECT pg_sleep(1)'), /canceling statement due to statement timeout/, 'before pljs: cancelled');
    await client.query('SET statement_timeout = 0');
    await client.query(`SELECT count(*) FROM sec_check.run('logging')`);
    await client.query('SET statement_timeout = 300');
    const t0 = performance.now();
    await client.query('SELECT pg_sleep(1)');
    assert.ok(performance.now() - t0 >= 1000, 'after pljs: the statement ran to the end');
  } finally {
    await client.end();
  }
});
