// `npm run bench` (second part): the cost of the DDL trail. 2,000 CREATE TABLE and 2,000
// DROP TABLE statements, each its own transaction, on one connection, without and with the
// trail (sec_check.ddl_audit_enable), alternating in chunks of 200; medians of BENCH_REPS
// rounds (default 1).
// Target: at most 20% more time with the trail. Numbers, not assertions: shared machines
// are noisy, so the ratio is what to compare.
import { resolve } from 'node:path';
import { ensureInstall, installExtensionFromRepo, startCluster } from '../../src/harness/index.ts';

const repo = resolve(import.meta.dirname, '../..');
const REPS = Number(process.env.BENCH_REPS ?? 1);
const N = Number(process.env.BENCH_DDL_N ?? 2000);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const install = await ensureInstall(18);
await installExtensionFromRepo(install, repo);
const cluster = await startCluster(install);
try {
  await cluster.query('CREATE EXTENSION pljs; CREATE EXTENSION sec_check');
  const client = await cluster.connect();
  const loop = async (tag: string, n: number): Promise<number> => {
    const t = performance.now();
    for (let i = 0; i < n; i++) await client.query(`CREATE TABLE bench_${tag}_${i} (id int, v text)`);
    for (let i = 0; i < n; i++) await client.query(`DROP TABLE bench_${tag}_${i}`);
    return performance.now() - t;
  };
  await loop('warm', 200); // catalog caches, WAL files, plan caches
  // Alternating chunks: load on a shared machine drifts over minutes, and each mode gets
  // the same share of every period.
  const CHUNK = 200;
  const without: number[] = [];
  const withTrail: number[] = [];
  for (let r = 0; r < REPS; r++) {
    let a = 0;
    let b = 0;
    for (let done = 0; done < N; done += CHUNK) {
      const n = Math.min(CHUNK, N - done);
      await client.query('SELECT sec_check.ddl_audit_disable()');
      a += await loop(`off${r}_${done}`, n);
      await client.query('SELECT sec_check.ddl_audit_enable()');
      b += await loop(`on${r}_${done}`, n);
    }
    without.push(a);
    withTrail.push(b);
  }
  const rows = Number((await client.query('SELECT count(*) AS n FROM sec_check.ddl_log')).rows[0].n);
  const ok = (await client.query('SELECT ok FROM sec_check.ddl_log_verify()')).rows[0].ok;
  await client.end();
  const a = median(without);
  const b = median(withTrail);
  console.log(`\nDDL trail bench — PostgreSQL ${install.version}, ${N} CREATE TABLE + ${N} DROP TABLE, median of ${REPS}`);
  console.log(`  ${'without the trail'.padEnd(40)} ${a.toFixed(0)} ms  (${(a / (2 * N)).toFixed(3)} ms a statement)`);
  console.log(`  ${'with the trail'.padEnd(40)} ${b.toFixed(0)} ms  (${(b / (2 * N)).toFixed(3)} ms a statement)`);
  console.log(`  ${'ratio'.padEnd(40)} ${(b / a).toFixed(3)}  (overhead ${((b / a - 1) * 100).toFixed(1)}%, target <= 20%)`);
  console.log(`  ${'trail rows written, chain verifies'.padEnd(40)} ${rows}, ${ok}`);
} finally {
  await cluster.stop();
}
