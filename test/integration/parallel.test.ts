// --threads / --pgclients: checks run concurrently over a pool of read-only connections,
// with the same results, report order and exit code as a serial run.
// test-runner: alone (compares the wall time of parallel and serial runs)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Cluster } from '../../src/harness/index.ts';
import { cli, configOf, connArgs, luaReturning, startPg, tempPrefix, writePack } from './support.ts';

let pg18: Cluster;
before(async () => { pg18 = await startPg(18); });
after(async () => { await pg18?.stop(); });

const N = 40;

/** 40 SQL checks of ~100 ms that show their session settings, 4 shell checks, one Warning. */
function sleepPack(extra: { name: string; executors: { script: string }[]; validators: { script: string }[] }[] = [], files: Record<string, string> = {}): string {
  const items = Array.from({ length: N }, (_, i) => ({ name: `sleep ${i}`, executors: [{ script: `q${i}.sql` }], validators: [{ script: i === 7 ? 'warn.lua' : 'ok.lua' }] }));
  for (let i = 0; i < 4; i++) items.push({ name: `shell ${i}`, executors: [{ script: `s${i}.sh` }], validators: [{ script: 'ok.lua' }] });
  const all: Record<string, string | object> = { 'config.json': configOf('s', [...items, ...extra]), 'ok.lua': luaReturning('Success'), 'warn.lua': luaReturning('Warning'), ...files };
  for (let i = 0; i < N; i++) {
    all[`q${i}.sql`] = `SELECT ${i} AS i, pg_catalog.pg_sleep(0.1)::text AS slept, pg_catalog.current_setting('statement_timeout') AS timeout, pg_catalog.current_setting('transaction_read_only') AS ro`;
  }
  for (let i = 0; i < 4; i++) all[`s${i}.sh`] = `sleep 0.2; echo shell ${i}\n`;
  return writePack(all);
}

async function runPack(config: string, threads: number, pgclients: number, more: string[] = []) {
  const out = tempPrefix(`par_${threads}_${pgclients}`);
  const t0 = performance.now();
  const res = await cli(['run', ...connArgs(pg18), '--config', config, '--format', 'Json', '--output', out, '--threads', String(threads), '--pgclients', String(pgclients), '--statement-timeout', '30000', ...more]);
  const wall = performance.now() - t0;
  const report = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
  return { res, wall, report };
}

/** The report without what legitimately differs between two runs (times). */
function comparable(report: any): unknown {
  return report.results.map((r: any) => ({ ...r, duration_ms: 0, executors: r.executors.map((e: any) => ({ ...e, duration_ms: 0 })) }));
}

test('parallel runs give the serial run\'s results in the same order, exit code too, and are faster', async () => {
  const config = sleepPack();
  const serial = await runPack(config, 1, 1);
  const parallel = await runPack(config, 8, 4);
  assert.equal(serial.res.code, 0, serial.res.stderr);
  assert.equal(parallel.res.code, serial.res.code);
  assert.deepEqual(comparable(parallel.report), comparable(serial.report));
  assert.deepEqual(parallel.report.summary, serial.report.summary);
  assert.equal(serial.report.summary.by_status.Warning, 1);
  // every connection of the pool has the audit session's settings
  for (const r of parallel.report.results.slice(0, N)) assert.match(r.short_description, /ro=on,slept=,timeout=30s/);
  const failOn = await runPack(config, 8, 4, ['--fail-on', 'Warning']);
  assert.equal(failOn.res.code, 1);
  // 40 × 100 ms of sleeping SQL over 4 connections: well under the serial time
  assert.ok(parallel.wall < serial.wall * 0.6, `parallel ${parallel.wall.toFixed(0)} ms vs serial ${serial.wall.toFixed(0)} ms`);
});

test('a connection that dies fails only the check it was running', async () => {
  const config = sleepPack([{ name: 'kills its session', executors: [{ script: 'die.sql' }], validators: [{ script: 'ok.lua' }] }],
    { 'die.sql': 'SELECT pg_catalog.pg_terminate_backend(pg_catalog.pg_backend_pid()) AS gone' });
  for (const [threads, clients] of [[1, 1], [8, 4]]) {
    const { res, report } = await runPack(config, threads, clients, ['--allow-side-effects', 'pg_terminate_backend']);
    const failed = report.results.filter((r: any) => r.status !== 'Success' && r.status !== 'Warning').map((r: any) => r.name);
    assert.deepEqual(failed, ['kills its session'], `threads ${threads}, pgclients ${clients}: ${res.stderr}`);
    assert.equal(report.results.length, N + 5);
  }
});

test('--threads and --pgclients take whole numbers of at least 1', async () => {
  for (const bad of [['--threads', '0'], ['--pgclients', 'many'], ['--threads', '1.5']]) {
    const res = await cli(['run', ...connArgs(pg18), '--config', sleepPack(), '--output', tempPrefix('bad'), ...bad]);
    assert.equal(res.code, 2);
    assert.match(res.stderr, new RegExp(`${bad[0]}: not a whole number of at least 1`));
  }
});
