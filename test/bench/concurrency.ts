// `npm run bench` (part): concurrent stores. 8 in-database run loops, a DDL storm recorded by
// the DDL trail, host-agent posts and a retention purge loop for BENCH_LOAD_SECONDS (default
// 60) against one PostgreSQL 18 server; prints runs done, deadlocks, errors, DDL statements
// issued vs recorded and whether the trail's hash chain verifies. Numbers, not assertions
// (test/integration/store-concurrency.test.ts asserts a shorter run).
import { resolve } from 'node:path';
import { ensureInstall, installExtensionFromRepo, startCluster } from '../../src/harness/index.ts';
import { formatLoad, prepareLoad, runLoad, type LoadOptions } from './store-load.ts';

const repo = resolve(import.meta.dirname, '../..');
const opts: LoadOptions = { seconds: Number(process.env.BENCH_LOAD_SECONDS ?? 60), runLoops: 8, ddlLoops: 2, agentLoops: 2, purge: true };

const install = await ensureInstall(18);
await installExtensionFromRepo(install, repo);
const cluster = await startCluster(install);
try {
  await cluster.query('CREATE EXTENSION pljs; CREATE EXTENSION sec_check');
  await prepareLoad(cluster);
  const stats = await runLoad(cluster, opts);
  console.log(`\nConcurrent stores — PostgreSQL ${install.version}`);
  for (const line of formatLoad(stats, opts)) console.log(`  ${line}`);
} finally {
  await cluster.stop();
}
