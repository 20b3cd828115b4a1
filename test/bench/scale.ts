// `npm run bench:scale`: the built-in catalog on large catalogs, both paths, one server.
// Stages (test/bench/scale-catalog.ts): 10k relations with 1k and with 10k roles, 100k, 250k
// with 2k roles, 1M, 1.3M with 10k roles. For each: the SQL floor (the executors alone), the
// CLI (sec-check run) and run() in the database (a new session's first run and a second
// one), with every check above 100 ms in either path; then each check's time across the
// stages, so its growth shows. The first run builds the catalogs (about an hour on two busy
// cores; the build time is printed) and keeps the 250k and 1.3M data directories in the
// harness cache; later runs measure those two from the cache and reprint the growth table
// of the last build. SCALE_REBUILD=1 builds again; SCALE_STAGES=250k,1.3M limits a build.
// Numbers, not assertions; the machine and its load are printed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureInstall, installExtensionFromRepo, startCluster, type Cluster } from '../../src/harness/index.ts';
import { compilePack } from '../../src/core/pack.ts';
import { loadPackFromConfig } from '../../src/session/node-pack.ts';
import { checkKey, machine, sqlFloor } from './floor.ts';
import { adoptDataDir, BUILD_SETTINGS, buildStage, cachedDataDir, isCached, keepDataDir, scaleCacheDir, STAGES, type Stage } from './scale-catalog.ts';

const repo = resolve(import.meta.dirname, '../..');
// SEC_CHECK_BENCH_DIST: a copy of dist/ to run (the build takes an hour; rebuilding the
// worktree meanwhile must not change what is measured)
const DIST = process.env.SEC_CHECK_BENCH_DIST ? resolve(process.env.SEC_CHECK_BENCH_DIST) : resolve(repo, 'dist');
const CATALOG = join(DIST, 'catalog/config.json');
const out = mkdtempSync(join(tmpdir(), 'sec-check-scale-'));
const SLOW_MS = 100;

interface Measure {
  stage: string;
  relations: number;
  roles: number;
  floorMs: number;
  cliMs: number;
  dbColdMs: number;
  dbWarmMs: number;
  dbWarmCpuMs: number | null;
  /** check -> [floor, cli, database] ms */
  checks: Record<string, [number, number, number]>;
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const cpuOf = (pid: number): number | null => {
  try { return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6; } catch { return null; }
};

async function installSecCheck(cluster: Cluster): Promise<void> {
  await cluster.query('CREATE EXTENSION IF NOT EXISTS pljs');
  await cluster.query('DROP EXTENSION IF EXISTS sec_check CASCADE');
  await cluster.query('CREATE EXTENSION sec_check');
}

async function measure(cluster: Cluster, stage: Stage): Promise<Measure> {
  await installSecCheck(cluster);
  const [size] = await cluster.query(`SELECT (SELECT count(*) FROM pg_class)::int AS relations, (SELECT count(*) FROM pg_roles)::int AS roles`);
  const compiled = compilePack(loadPackFromConfig(CATALOG));
  const f = await cluster.connect();
  // a first pass only warms the caches (the catalogs of a million relations come from disk
  // the first time), so the three paths are measured alike
  await sqlFloor(f, compiled, cluster.versionNum);
  const floor = await sqlFloor(f, compiled, cluster.versionNum);
  await f.end();
  const conn = ['--host', cluster.socketDir, '--port', String(cluster.port), '--user', 'postgres', '--database', 'postgres'];
  // the CLI as users run it (checks on all CPUs) for the whole time, and once more with one
  // thread for each check's own time (concurrent checks share two busy cores)
  const cliRun = (extra: string[], prefix: string) => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [join(DIST, 'cli.cjs'), 'run', ...conn, '--config', CATALOG, '--format', 'Json',
      '--output', join(out, prefix), '--fail-on', 'never', '--statement-timeout', '600000', ...extra], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    return performance.now() - t0;
  };
  const cliMs = cliRun([], 'scale');
  cliRun(['--threads', '1'], 'scale1');
  const report = JSON.parse(readFileSync(join(out, 'scale1.json'), 'utf8')) as { results: { section: string; check_id: string | null; name: string; duration_ms: number }[] };
  let t = performance.now();
  const c = await cluster.connect();
  c.on('notice', () => undefined);
  const pid = Number((await c.query('SELECT pg_backend_pid() AS p')).rows[0].p);
  t = performance.now();
  await c.query('SELECT count(*) FROM sec_check.run()');
  const dbColdMs = performance.now() - t;
  const cpu0 = cpuOf(pid);
  t = performance.now();
  const runId = Number((await c.query('SELECT max(run_id) AS id FROM sec_check.run()')).rows[0].id);
  const dbWarmMs = performance.now() - t;
  const cpu1 = cpuOf(pid);
  const stored = (await c.query('SELECT section, check_id, check_name, duration_ms FROM sec_check.results WHERE run_id = $1', [runId])).rows;
  await c.end();
  const checks: Measure['checks'] = {};
  const cliBy = new Map(report.results.map((r) => [checkKey(r.section, r.check_id, r.name), r.duration_ms]));
  for (const r of stored) {
    const key = checkKey(r.section, r.check_id, r.check_name);
    checks[key] = [floor.perCheck.get(key) ?? NaN, cliBy.get(key) ?? NaN, Number(r.duration_ms)];
  }
  return {
    stage: stage.name, relations: size.relations, roles: size.roles, floorMs: floor.totalMs, cliMs, dbColdMs, dbWarmMs,
    dbWarmCpuMs: cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null, checks,
  };
}

function printStage(m: Measure): void {
  console.log(`\n${m.stage}: ${m.relations.toLocaleString('en')} relations, ${m.roles.toLocaleString('en')} roles`);
  console.log(`  SQL floor ${fmt(m.floorMs)} | CLI ${fmt(m.cliMs)} (per-check times below: --threads 1) | run() new session ${fmt(m.dbColdMs)}, second run ${fmt(m.dbWarmMs)}${m.dbWarmCpuMs !== null ? ` (backend CPU ${fmt(m.dbWarmCpuMs)})` : ''}`);
  const slow = Object.entries(m.checks).filter(([, [, cli, db]]) => cli > SLOW_MS || db > SLOW_MS).sort((a, b) => Math.max(b[1][1], b[1][2]) - Math.max(a[1][1], a[1][2]));
  if (slow.length === 0) console.log(`  no check above ${SLOW_MS} ms in either path`);
  for (const [key, [floor, cli, db]] of slow) {
    console.log(`  ${key.padEnd(48)} floor ${fmt(floor).padStart(8)}  CLI ${fmt(cli).padStart(8)}  database ${fmt(db).padStart(8)}${Math.max(cli, db) > 500 ? '  over 0.5 s' : ''}`);
  }
}

function printGrowth(ms: Measure[], note: string): void {
  if (ms.length < 2) return;
  console.log(`\nGrowth (each check's time in the database, run() second run${note}); checks above 20 ms at any stage:`);
  const header = ms.map((m) => m.stage.replace(' relations', '').replace(' roles', 'r').padStart(16)).join('');
  console.log(`  ${'check'.padEnd(44)}${header}`);
  const keys = Object.keys(ms[ms.length - 1].checks).filter((k) => ms.some((m) => (m.checks[k]?.[2] ?? 0) > 20));
  for (const k of keys.sort()) console.log(`  ${k.padEnd(44)}${ms.map((m) => fmt(m.checks[k]?.[2] ?? NaN).padStart(16)).join('')}`);
  console.log(`  ${'whole run() (second run)'.padEnd(44)}${ms.map((m) => fmt(m.dbWarmMs).padStart(16)).join('')}`);
  console.log(`  ${'whole CLI run'.padEnd(44)}${ms.map((m) => fmt(m.cliMs).padStart(16)).join('')}`);
  console.log(`  ${'SQL floor'.padEnd(44)}${ms.map((m) => fmt(m.floorMs).padStart(16)).join('')}`);
}

const install = await ensureInstall(18);
await installExtensionFromRepo(install, repo);
const growthFile = join(scaleCacheDir(), 'growth.json');
const wanted = process.env.SCALE_STAGES?.split(',').map((s) => s.trim());
const stages = wanted ? STAGES.filter((s) => wanted.some((w) => s.name.startsWith(w))) : STAGES;
const cachedOnly = !process.env.SCALE_REBUILD && stages.filter((s) => s.cached).every(isCached);
console.log(`sec_check scale bench — PostgreSQL ${install.version} + pljs, machine: ${machine()}`);
console.log(`catalog cache: ${scaleCacheDir()}`);

const results: Measure[] = [];
if (cachedOnly) {
  console.log('measuring the cached catalogs (SCALE_REBUILD=1 builds them again)');
  for (const stage of stages.filter((s) => s.cached)) {
    const cluster = await startCluster(install, { settings: BUILD_SETTINGS });
    let giveBack: (() => Promise<void>) | null = null;
    try {
      await cluster.pause();
      giveBack = await adoptDataDir(cluster, cachedDataDir(stage));
      await cluster.resume();
      const m = await measure(cluster, stage);
      results.push(m);
      printStage(m);
    } finally {
      await cluster.pause().catch(() => undefined);
      if (giveBack) await giveBack();
      await cluster.stop();
    }
  }
  if (existsSync(growthFile)) {
    const last = JSON.parse(readFileSync(growthFile, 'utf8')) as { built: string; results: Measure[] };
    printGrowth(last.results, `, from the build of ${last.built}`);
  }
} else {
  const cluster = await startCluster(install, { settings: BUILD_SETTINGS, stopTimeoutSec: 120 });
  try {
    await cluster.query('CREATE EXTENSION pljs');
    let builder = await cluster.connect();
    let buildSeconds = 0;
    for (const stage of stages) {
      console.log(`\nbuilding: ${stage.name}`);
      const seconds = await buildStage(builder, stage, (line) => console.log(line));
      buildSeconds += seconds;
      console.log(`  built in ${seconds.toFixed(0)} s (${buildSeconds.toFixed(0)} s so far)`);
      const m = await measure(cluster, stage);
      results.push(m);
      printStage(m);
      if (stage.cached) {
        await builder.end();
        await cluster.pause();
        const last = stage === stages[stages.length - 1];
        await keepDataDir(cluster, stage, last);
        if (last) break;
        await cluster.resume();
        builder = await cluster.connect();
      }
    }
    console.log(`\ncatalogs built in ${(buildSeconds / 60).toFixed(1)} min (cold build, this machine)`);
    mkdirSync(scaleCacheDir(), { recursive: true });
    writeFileSync(growthFile, JSON.stringify({ built: new Date().toISOString(), results }, null, 1));
    printGrowth(results, '');
  } finally {
    await cluster.stop();
  }
}
