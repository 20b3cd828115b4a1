// `npm run bench` (part 2): parallel checks: --threads × --pgclients on a pack of 40 checks
// of ~100 ms each (pg_sleep), CLI wall time and whether the results equal the serial run's.
// (The in-database engine's numbers are in test/bench/run.ts.)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureInstall, installExtensionFromRepo, startCluster, type Cluster } from '../../src/harness/index.ts';
import { configOf, luaReturning, writePack } from '../integration/support.ts';

const repo = resolve(import.meta.dirname, '../..');
const row = (label: string, value: string) => console.log(`  ${label.padEnd(62)} ${value}`);

const install = await ensureInstall(18);
await installExtensionFromRepo(install, repo);
const cluster: Cluster = await startCluster(install);
try {
  await cluster.query('CREATE EXTENSION pljs');
  await cluster.query('CREATE EXTENSION sec_check');
  const conn = ['--host', cluster.socketDir, '--port', String(cluster.port), '--user', 'postgres', '--database', 'postgres'];

  // 1. parallel matrix
  const N = 40;
  const files: Record<string, string | object> = {
    'config.json': configOf('s', Array.from({ length: N }, (_, i) => ({ name: `sleep ${i}`, executors: [{ script: `q${i}.sql` }], validators: [{ script: 'v.lua' }] }))),
    'v.lua': luaReturning('Success'),
  };
  for (let i = 0; i < N; i++) files[`q${i}.sql`] = `SELECT ${i} AS i, pg_catalog.pg_sleep(0.1)::text AS slept`;
  const config = writePack(files);
  const out = mkdtempSync(join(tmpdir(), 'sec-check-bench-'));
  const runCli = (threads: number, clients: number) => {
    const prefix = join(out, `t${threads}c${clients}`);
    const t0 = performance.now();
    const res = spawnSync(process.execPath, [join(repo, 'dist/cli.cjs'), 'run', ...conn, '--config', config, '--format', 'Json', '--output', prefix,
      '--threads', String(threads), '--pgclients', String(clients)], { encoding: 'utf8' });
    const wall = performance.now() - t0;
    if (res.status !== 0) throw new Error(res.stderr);
    const report = JSON.parse(readFileSync(`${prefix}.json`, 'utf8'));
    const same = JSON.stringify(report.results.map((r: { status: string; short_description: string; name: string }) => [r.name, r.status, r.short_description]));
    return { wall, same };
  };
  console.log(`1. ${N} checks of ~100 ms (pg_sleep) through the CLI: wall time (speed-up over --threads 1 --pgclients 1)`);
  const base = runCli(1, 1);
  for (const threads of [1, 4, 8]) {
    const cells: string[] = [];
    for (const clients of [1, 4, 8]) {
      const r = runCli(threads, clients);
      cells.push(`pgclients ${clients}: ${(r.wall / 1000).toFixed(2)} s (${(base.wall / r.wall).toFixed(1)}x)${r.same === base.same ? '' : ' RESULTS DIFFER'}`);
    }
    row(`--threads ${threads}`, cells.join(', '));
  }
  console.log('  (results equal the serial run\'s in every cell unless marked RESULTS DIFFER)');

} finally {
  await cluster.stop();
}
