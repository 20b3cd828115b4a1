// Concurrent stores on PostgreSQL 18 + pljs (the short form of test/bench/concurrency.ts):
// 8 in-database run loops, a DDL storm recorded by the DDL trail, two host agents posting
// their results in a different order each time, and a retention purge loop, all at once for
// STORE_LOAD_SECONDS (default 20). No deadlock, no other error, every store and every DDL
// statement recorded, and the trail's chain verifies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Cluster } from '../../src/harness/index.ts';
import { startPg18WithSecCheck } from './support.ts';
import { formatLoad, prepareLoad, runLoad, type LoadOptions } from '../bench/store-load.ts';

let cluster: Cluster;
before(async () => {
  cluster = await startPg18WithSecCheck();
  await prepareLoad(cluster);
});
after(async () => { await cluster?.stop(); });

test('8 run loops + DDL storm with the trail + agent posts + purge: 0 deadlocks, nothing lost, the chain verifies', async () => {
  const opts: LoadOptions = { seconds: Number(process.env.STORE_LOAD_SECONDS ?? 20), runLoops: 8, ddlLoops: 2, agentLoops: 2, purge: true };
  const s = await runLoad(cluster, opts);
  for (const line of formatLoad(s, opts)) console.log(`# ${line}`);
  assert.equal(s.deadlocks, 0, 'no deadlock');
  assert.deepEqual(s.errors, {}, 'no error of any kind');
  assert.ok(s.runsDone >= 8, `runs done: ${s.runsDone}`);
  assert.ok(s.agentPosts >= 10, `agent posts: ${s.agentPosts}`);
  assert.ok(s.purgedRuns > 0, 'purge ran while runs were stored');
  assert.equal(s.storesRecorded, s.runsDone + s.agentPosts, 'every run and post that returned was stored');
  assert.ok(s.ddlIssued > 100, `DDL issued: ${s.ddlIssued}`);
  assert.deepEqual(s.ddlLost, [], 'every committed DDL statement is in the trail');
  assert.equal(s.trailWarnings, 0);
  assert.equal(s.chainOk, true);
});
