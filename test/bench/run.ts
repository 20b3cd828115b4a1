// `npm run bench`: numbers, not assertions. Everything is measured in one run on one
// machine, so compare the ratios; absolute times on these shared machines are noisy.
//   1. cold start of the engine bundle in a new session (pljs) vs a warm call
//   2. per-check engine overhead vs running the same SQL directly (in-database and CLI)
//   3. whole built-in catalog: in-database sec_check.run() vs the CLI
//   5. bounded evidence: peak memory of the CLI and of the backend for each hostile case
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { ensureInstall, installExtensionFromRepo, startCluster, type Cluster } from '../../src/harness/index.ts';
import { loadPackFromConfig } from '../../src/session/node-pack.ts';
import { auditWithNode } from '../../src/runtime/node.ts';
import { configOf, writePack } from '../integration/support.ts';
import { HOSTILE_CASES, writeHostilePack } from '../integration/hostile-pack.ts';
import { cliPeakRss, backendPeakRss } from './memory.ts';
import { renderHtml } from '../../src/render/html.ts';
import { renderSarif } from '../../src/render/sarif.ts';
import { renderJunit } from '../../src/render/junit.ts';

const repo = resolve(import.meta.dirname, '../..');
const REPS = Number(process.env.BENCH_REPS ?? 5);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
async function timed<T>(fn: () => Promise<T>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
const row = (label: string, value: string) => console.log(`  ${label.padEnd(58)} ${value}`);

const install = await ensureInstall(18);
await installExtensionFromRepo(install, repo);
const cluster: Cluster = await startCluster(install);
try {
  await cluster.query('CREATE EXTENSION pljs');
  await cluster.query('CREATE EXTENSION sec_check');
  const info = JSON.parse(readFileSync(resolve(repo, 'dist/build-info.json'), 'utf8'));
  console.log(`sec_check bench — PostgreSQL ${install.version} + pljs, engine bundle ${(info.bundleBytes / 1024).toFixed(0)} KiB, ${info.checks} built-in checks, median of ${REPS}\n`);

  // A pack of N cheap SQL checks with trivial validators isolates the engine's own cost.
  const N = 20;
  const sql = (i: number) => `SELECT name, setting FROM pg_catalog.pg_settings WHERE name = 'work_mem' AND ${i} >= 0`;
  const files: Record<string, string> = {
    'config.json': JSON.stringify(configOf('bench', Array.from({ length: N }, (_, i) => ({
      name: `check ${i}`, executors: [{ script: `q${i}.sql` }], validators: [{ script: 'v.lua' }],
    })))),
    'v.lua': 'function validate_result() local r = sql_results[1] return { status = r and "Success" or "Failed", short_description = r and r.setting or "", full_description = "", recommendation = "" } end\n',
  };
  for (let i = 0; i < N; i++) files[`q${i}.sql`] = sql(i);
  const benchConfig = writePack(files);
  const benchPack = loadPackFromConfig(benchConfig);
  const upload = spawnSync(process.execPath, [resolve(repo, 'dist/cli.cjs'), 'pack', '--host', cluster.socketDir, '--port', String(cluster.port),
    '--user', 'postgres', '--database', 'postgres', '--config', benchConfig, '--upload', 'bench'], { encoding: 'utf8' });
  if (upload.status !== 0) throw new Error(upload.stderr);
  const engineCall = (groups: string) => `SELECT sec_check.engine(jsonb_build_object('op', 'run', 'pack_name', '${groups}',
    'groups', NULL, 'locale', 'en', 'deadline_ms', NULL, 'build_id', sec_check.build_id())) IS NOT NULL`;

  // 1. cold start
  const cold: number[] = [];
  const warm: number[] = [];
  const plain: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const c = await cluster.connect();
    await c.query('SELECT 1');
    plain.push(await timed(() => c.query(`SELECT sec_check.pack_for_run('bench') IS NOT NULL`)));
    cold.push(await timed(() => c.query(engineCall('bench'))));
    warm.push(await timed(() => c.query(engineCall('bench'))));
    await c.end();
  }
  console.log('1. engine start in a new session (pljs)');
  row(`first engine call (bundle load + ${N} checks)`, fmt(median(cold)));
  row(`second call in the same session (${N} checks)`, fmt(median(warm)));
  row('cold-start cost of the bundle (first − second)', fmt(median(cold) - median(warm)));
  row('reading the pack alone', fmt(median(plain)));

  // 2. per-check overhead vs the same SQL run directly
  const client = await cluster.connect();
  await client.query(engineCall('bench'));
  const direct: number[] = [];
  const directInDb: number[] = [];
  const engineInDb: number[] = [];
  const engineCli: number[] = [];
  const agent = new pg.Client(cluster.clientConfig());
  await agent.connect();
  const doBlock = `DO $$ BEGIN ${Array.from({ length: N }, (_, i) => `PERFORM * FROM (${sql(i)}) t;`).join(' ')} END $$`;
  for (let i = 0; i < REPS; i++) {
    direct.push(await timed(async () => { for (let q = 0; q < N; q++) await agent.query(sql(q)); }));
    directInDb.push(await timed(() => client.query(doBlock)));
    engineInDb.push(await timed(() => client.query(engineCall('bench'))));
    engineCli.push(await timed(() => auditWithNode(agent, benchPack)));
  }
  await agent.end();
  console.log(`\n2. per-check overhead (${N} one-row SQL checks, trivial Lua validator)`);
  row('same SQL directly, in the database (one DO block)', `${fmt(median(directInDb) / N)} per query`);
  row('engine in the database (pljs)', `${fmt(median(engineInDb) / N)} per check`);
  row('  overhead per check in the database', fmt((median(engineInDb) - median(directInDb)) / N));
  row('same SQL directly from Node (pg, one round trip each)', `${fmt(median(direct) / N)} per query`);
  row('engine from Node (CLI engine, in process)', `${fmt(median(engineCli) / N)} per check`);
  row('  overhead per check from Node', fmt((median(engineCli) - median(direct)) / N));
  row('QuickJS / V8 cost ratio of the engine per check', `${((median(engineInDb) - median(directInDb)) / Math.max(0.001, median(engineCli) - median(direct))).toFixed(1)}x`);

  // 3. whole built-in catalog
  const inDb: number[] = [];
  const viaCli: number[] = [];
  for (let i = 0; i < REPS; i++) {
    inDb.push(await timed(() => client.query('SELECT * FROM sec_check.run()')));
    viaCli.push(await timed(async () => {
      const res = spawnSync(process.execPath, [resolve(repo, 'dist/cli.cjs'), 'run', '--host', cluster.socketDir, '--port', String(cluster.port),
        '--user', 'postgres', '--database', 'postgres', '--config', resolve(repo, 'dist/catalog/config.json'),
        '--format', 'Json', '--output', '/tmp/sec_check_bench', '--fail-on', 'never'], { encoding: 'utf8' });
      if (res.status !== 0) throw new Error(res.stderr);
    }));
  }
  await client.end();
  console.log(`\n3. whole built-in catalog (${info.checks} checks, all groups)`);
  row('in-database: SELECT * FROM sec_check.run() (warm session, stores)', fmt(median(inDb)));
  row('CLI: sec-check run --format Json (new process, incl. shell checks)', fmt(median(viaCli)));
  row('ratio in-database / CLI', `${(median(inDb) / median(viaCli)).toFixed(2)}x`);

  // 4. report rendering of that catalog run
  const report = JSON.parse(readFileSync('/tmp/sec_check_bench.json', 'utf8'));
  const render = (fn: () => string) => { const times: number[] = []; let out = ''; for (let i = 0; i < 20; i++) { const t = performance.now(); out = fn(); times.push(performance.now() - t); } return { ms: median(times), bytes: Buffer.byteLength(out) }; };
  console.log(`\n4. rendering the ${report.results.length}-check report (median of 20)`);
  for (const [name, fn] of [['HTML page', () => renderHtml(report)], ['SARIF', () => renderSarif(report)], ['JUnit', () => renderJunit(report)]] as const) {
    const r = render(fn);
    row(name, `${fmt(r.ms)}, ${(r.bytes / 1024).toFixed(0)} KiB`);
  }

  // 5. bounded evidence: each hostile case alone, peak RSS of the CLI process and of the
  // backend that ran it in the database (pljs; its JS heap is bounded by pljs.memory_limit).
  console.log('\n5. bounded evidence: peak memory per hostile case (CLI limit 300 MB; the in-database run must finish within pljs.memory_limit)');
  for (const c of HOSTILE_CASES) {
    const config = writeHostilePack([c.name]);
    // uploaded first: an agent post (--store) keeps only checks of a stored pack
    const up = spawnSync(process.execPath, [resolve(repo, 'dist/cli.cjs'), 'pack', '--host', cluster.socketDir, '--port', String(cluster.port),
      '--user', 'postgres', '--database', 'postgres', '--config', config, '--upload', `bench_${c.name}`], { encoding: 'utf8' });
    if (up.status !== 0) throw new Error(up.stderr);
    const cliRun = cliPeakRss(['run', '--host', cluster.socketDir, '--port', String(cluster.port), '--user', 'postgres', '--database', 'postgres',
      '--config', config, '--format', 'Full', '--output', `/tmp/sec_check_bench_${c.name}`, '--store', '--fail-on', 'never']);
    const db = await backendPeakRss(cluster, `SELECT status, left(full_description, 80) AS why FROM sec_check.run(NULL, 'en', 'bench_${c.name}')`);
    const verdict = JSON.parse(readFileSync(`/tmp/sec_check_bench_${c.name}.json`, 'utf8')).results[0];
    row(`${c.name}: CLI ${verdict.status}, database ${db.rows[0].status}`,
      `CLI ${(cliRun.kib / 1024).toFixed(0)} MB, backend ${(db.peakKib / 1024).toFixed(0)} MB (+${((db.peakKib - db.startKib) / 1024).toFixed(0)} MB; pljs.memory_limit ${db.pljsLimitMb} MB)`);
  }
} finally {
  await cluster.stop();
}
