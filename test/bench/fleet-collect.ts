// `npm run bench` (fleet --collect): 200 simulated servers — databases on two local
// PostgreSQL 18 clusters, each a copy of one template database holding 30 stored runs of the
// built-in catalog (one real sec_check.run(), stored 29 more times through sec_check.store_run,
// so every run went through the same triggers as a scheduled audit) — collected into one central
// database in one pass by `sec-check fleet --collect` as the least-privileged roles, then a
// second pass that must copy nothing. Prints both wall times and rows/s.
// SEC_CHECK_BENCH_SERVERS / SEC_CHECK_BENCH_RUNS / SEC_CHECK_BENCH_CONCURRENCY change the sizes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureInstall, installExtensionFromRepo, startCluster, type Cluster } from '../../src/harness/index.ts';

const repo = resolve(import.meta.dirname, '../..');
const CLI = join(repo, 'dist/cli.cjs');
const SERVERS = Number(process.env.SEC_CHECK_BENCH_SERVERS ?? 200);
const RUNS = Number(process.env.SEC_CHECK_BENCH_RUNS ?? 30);
const CONCURRENCY = Number(process.env.SEC_CHECK_BENCH_CONCURRENCY ?? 8);
const CLUSTERS = 2;
const row = (label: string, value: string) => console.log(`  ${label.padEnd(44)} ${value}`);
const work = mkdtempSync(join(tmpdir(), 'sec-check-bench-collect-'));
const secs = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;

const install = await ensureInstall(18, { extras: true });
await installExtensionFromRepo(install, repo);
const clusters: Cluster[] = await Promise.all(Array.from({ length: CLUSTERS }, () => startCluster(install, { settings: { max_connections: 100, fsync: 'off', synchronous_commit: 'off' } })));
try {
  console.log(`fleet --collect: ${SERVERS} servers (databases on ${CLUSTERS} PostgreSQL 18 clusters) x ${RUNS} stored runs, concurrency ${CONCURRENCY}`);
  let t0 = performance.now();
  for (const c of clusters) {
    await c.query('CREATE ROLE collector LOGIN; CREATE ROLE collector_central LOGIN');
    await c.query('CREATE DATABASE tmpl');
    const db = await c.connect('postgres', 'tmpl');
    try {
      await db.query('CREATE EXTENSION pljs; CREATE EXTENSION sec_check');
      await db.query(`SELECT sec_check.grant_fleet_source_access('collector')`);
      await db.query('SELECT count(*) FROM sec_check.run()');
      // the other runs: the stored report again, through the one INSERT path (triggers, check_state, run_stats)
      for (let i = 1; i < RUNS; i++) {
        await db.query(`SELECT sec_check.store_run(sec_check.report_json(1), 'database', current_user, now(), 'pljs', 'builtin', NULL)`);
      }
    } finally {
      await db.end();
    }
  }
  row('template databases (1 run + stored copies)', secs(t0));
  t0 = performance.now();
  const servers: { name: string; cluster: Cluster; database: string }[] = [];
  for (let i = 0; i < SERVERS; i++) {
    const cluster = clusters[i % CLUSTERS];
    const database = `srv${String(i).padStart(3, '0')}`;
    await cluster.query(`CREATE DATABASE ${database} TEMPLATE tmpl`);
    servers.push({ name: `server-${String(i).padStart(3, '0')}`, cluster, database });
  }
  row(`${SERVERS} server databases (CREATE DATABASE)`, secs(t0));
  const central = clusters[0];
  await central.query('CREATE DATABASE central');
  const cdb = await central.connect('postgres', 'central');
  await cdb.query(`CREATE EXTENSION pljs; CREATE EXTENSION sec_check; SELECT sec_check.grant_fleet_collector_access('collector_central')`);
  writeFileSync(join(work, 'inventory.toml'), servers.map((s) =>
    `[[servers]]\nname = "${s.name}"\nhost = ${JSON.stringify(s.cluster.socketDir)}\nport = ${s.cluster.port}\ndatabase = "${s.database}"\nuser = "collector"\n`).join('\n'));
  const into = `postgresql://collector_central@/central?host=${encodeURIComponent(central.socketDir)}&port=${central.port}`;
  const pass = (label: string) => {
    const t = performance.now();
    const res = spawnSync(process.execPath, [CLI, 'fleet', '--collect', '--inventory', join(work, 'inventory.toml'), '--into', into,
      '--concurrency', String(CONCURRENCY)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (res.status !== 0) throw new Error(`${label}: exit ${res.status}: ${res.stderr}${res.stdout.slice(-2000)}`);
    const summary = res.stdout.trim().split('\n').pop()!;
    row(label, `${secs(t)} wall: ${summary}`);
    return summary;
  };
  const first = pass('first pass');
  const expectRuns = SERVERS * RUNS;
  if (!first.startsWith(`collected ${expectRuns} runs`)) throw new Error(`first pass: expected ${expectRuns} runs: ${first}`);
  const counts = (await cdb.query(`SELECT (SELECT count(*) FROM sec_check.fleet_runs)::int AS runs,
      (SELECT count(*) FROM sec_check.fleet_results)::int AS results, (SELECT count(*) FROM sec_check.fleet_findings)::int AS findings,
      pg_size_pretty(pg_database_size('central')) AS size`)).rows[0];
  row('central database', `${counts.runs} runs, ${counts.results} results, ${counts.findings} findings, ${counts.size}`);
  const second = pass('second pass');
  if (!second.startsWith('collected 0 runs, 0 results, 0 findings')) throw new Error(`second pass copied something: ${second}`);
  await cdb.end();
} finally {
  await Promise.all(clusters.map((c) => c.stop()));
}
