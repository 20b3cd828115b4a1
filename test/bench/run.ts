// `npm run bench`: numbers, not assertions. Everything is measured in one run on one
// server, so compare the ratios; absolute times on these shared machines are noisy.
//   1. the built-in catalog: the SQL floor (its executors alone on one session), run() in a
//      new session and warm, the CLI; ratios to the floor
//   2. engine overhead per check (a check's time in the run minus its SQL run directly):
//      p50/p95/max in the database and from the CLI
//   3. the engine's own cost isolated: N one-row SQL checks with a trivial validator
//   4. report rendering
//   5. bounded evidence: peak memory of the CLI and of the backend for each hostile case
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { ensureInstall, installExtensionFromRepo, startCluster, type Cluster } from '../../src/harness/index.ts';
import { loadPackFromConfig } from '../../src/session/node-pack.ts';
import { auditWithNode } from '../../src/runtime/node.ts';
import { compilePack } from '../../src/core/pack.ts';
import { configOf, writePack } from '../integration/support.ts';
import { HOSTILE_CASES, writeHostilePack } from '../integration/hostile-pack.ts';
import { cliPeakRss, backendPeakRss } from './memory.ts';
import { checkKey, machine, median, percentile, sqlFloor } from './floor.ts';
import { renderHtml } from '../../src/render/html.ts';
import { renderSarif } from '../../src/render/sarif.ts';
import { renderJunit } from '../../src/render/junit.ts';

const repo = resolve(import.meta.dirname, '../..');
const REPS = Number(process.env.BENCH_REPS ?? 5);
const CATALOG = resolve(repo, 'dist/catalog/config.json');

async function timed<T>(fn: () => Promise<T>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
const backendPid = async (c: pg.Client) => Number((await c.query('SELECT pg_backend_pid() AS p')).rows[0].p);
/** A backend's CPU time so far (Linux /proc), 0 where it cannot be read. */
const cpuMs = (pid: number) => {
  try { return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6; } catch { return 0; }
};
const row = (label: string, value: string) => console.log(`  ${label.padEnd(66)} ${value}`);
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;

const install = await ensureInstall(18);
await installExtensionFromRepo(install, repo);
const cluster: Cluster = await startCluster(install);
try {
  await cluster.query('CREATE EXTENSION pljs');
  await cluster.query('CREATE EXTENSION sec_check');
  const info = JSON.parse(readFileSync(resolve(repo, 'dist/build-info.json'), 'utf8'));
  console.log(`sec_check bench — PostgreSQL ${install.version} + pljs, audit engine ${(info.bundleBytes / 1024).toFixed(0)} KiB, ${info.checks} built-in checks, median of ${REPS}`);
  console.log(`machine: ${machine()}\n`);
  const conn = ['--host', cluster.socketDir, '--port', String(cluster.port), '--user', 'postgres', '--database', 'postgres'];
  const out = mkdtempSync(join(tmpdir(), 'sec-check-bench-'));

  // 1. the built-in catalog
  const compiled = compilePack(loadPackFromConfig(CATALOG));
  const floors: number[] = [];
  const cold: number[] = [];
  const warm: number[] = [];
  const viaCli: number[] = [];
  let floor = null as Awaited<ReturnType<typeof sqlFloor>> | null;
  let warmRunId = 0;
  let cliReport: { results: { section: string; check_id: string | null; name: string; duration_ms: number; executors: { kind: string; skipped?: string }[] }[] } | null = null;
  // backend CPU time next to wall time: on a shared machine it moves far less with the load
  const floorCpu: number[] = [];
  const coldCpu: number[] = [];
  const warmCpu: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const f = await cluster.connect();
    const fpid = await backendPid(f);
    const fc = cpuMs(fpid);
    const fl = await sqlFloor(f, compiled, cluster.versionNum);
    floorCpu.push(cpuMs(fpid) - fc);
    await f.end();
    floors.push(fl.totalMs);
    floor ??= fl;
    if (fl.totalMs <= median(floors)) floor = fl;
    const c = await cluster.connect();
    c.on('notice', () => undefined);
    const pid = await backendPid(c);
    let cpu = cpuMs(pid);
    cold.push(await timed(() => c.query('SELECT count(*) FROM sec_check.run()')));
    coldCpu.push(cpuMs(pid) - cpu);
    let id = 0;
    cpu = cpuMs(pid);
    warm.push(await timed(async () => { id = Number((await c.query('SELECT max(run_id) AS id FROM sec_check.run()')).rows[0].id); }));
    warmCpu.push(cpuMs(pid) - cpu);
    await c.end();
    if (warm[warm.length - 1] <= median(warm)) warmRunId = id;
    viaCli.push(await timed(async () => {
      const res = spawnSync(process.execPath, [resolve(repo, 'dist/cli.cjs'), 'run', ...conn, '--config', CATALOG,
        '--format', 'Json', '--output', join(out, 'catalog'), '--fail-on', 'never'], { encoding: 'utf8' });
      if (res.status !== 0) throw new Error(res.stderr);
    }));
    const report = JSON.parse(readFileSync(join(out, 'catalog.json'), 'utf8'));
    if (viaCli[viaCli.length - 1] <= median(viaCli)) cliReport = report;
  }
  const nodeStart = median(Array.from({ length: 3 }, () => { const t = performance.now(); spawnSync(process.execPath, ['-e', '0']); return performance.now() - t; }));
  const F = median(floors);
  const FC = median(floorCpu);
  const cpuNote = (xs: number[], base?: number) => (FC > 0 ? `; backend CPU ${fmt(median(xs))}${base ? `, ${ratio(median(xs), base)} floor` : ''}` : '');
  console.log(`1. built-in catalog, all groups (${floor!.executors} SQL executors + ${floor!.facts} facts of ${info.checks} checks)`);
  row('SQL floor: the executors and facts alone, one session', `${fmt(F)}${cpuNote(floorCpu)}`);
  row('in-database: run() in a new session (bundle load, pack, first run)', `${fmt(median(cold))}  (${ratio(median(cold), F)} floor${cpuNote(coldCpu, FC)})`);
  row('in-database: run() warm (same session, second run)', `${fmt(median(warm))}  (${ratio(median(warm), F)} floor${cpuNote(warmCpu, FC)}; goal ≤ 1.5x)`);
  row('  first run of a session over a warm one', `${fmt(median(cold) - median(warm))}  (backend CPU ${fmt(median(coldCpu) - median(warmCpu))}; goal ≤ 100 ms)`);
  row('CLI: sec-check run --format Json (new process, incl. shell checks)', `${fmt(median(viaCli))}  (${ratio(median(viaCli), F)} floor)`);
  row('  Node start-up alone (node -e 0)', fmt(nodeStart));
  row('  CLI over floor + Node start-up', fmt(median(viaCli) - F - nodeStart));

  // 2. per-check overhead: the check's time in the run minus its executors run directly
  const stored: { section: string; check_id: string | null; check_name: string; duration_ms: number }[] =
    await cluster.query('SELECT section, check_id, check_name, duration_ms FROM sec_check.results WHERE run_id = $1', [warmRunId]);
  const over = (rows: { key: string; ms: number }[]) => rows.filter((r) => floor!.perCheck.has(r.key)).map((r) => ({ key: r.key, over: r.ms - floor!.perCheck.get(r.key)! }));
  const db = over(stored.map((r) => ({ key: checkKey(r.section, r.check_id, r.check_name), ms: r.duration_ms })));
  const cli = over(cliReport!.results.map((r) => ({ key: checkKey(r.section, r.check_id, r.name), ms: r.duration_ms })));
  const stats = (xs: number[]) => `p50 ${fmt(median(xs))}, p95 ${fmt(percentile(xs, 95))}, max ${fmt(Math.max(...xs))}`;
  console.log(`\n2. engine overhead per SQL check (its time in the run − its SQL run directly), ${db.length} checks`);
  row('in-database (warm run() above; the engine clock counts whole ms)', `${stats(db.map((x) => x.over))}  (goal p50 ≤ 1.5 ms)`);
  row('  mean over the whole run ((warm run − floor) / checks)', fmt((median(warm) - F) / info.checks));
  row('CLI (its own clock)', stats(cli.map((x) => x.over)));
  for (const x of [...db].sort((a, b) => b.over - a.over).slice(0, 5)) row(`  most overhead in the database: ${x.key}`, fmt(x.over));
  const [{ facts }] = await cluster.query(`SELECT report -> 'run' -> 'facts' AS facts FROM sec_check.runs WHERE id = $1`, [warmRunId]);
  for (const f of (facts ?? []) as { id: string; rows: number; duration_ms: number }[]) row(`  fact ${f.id}: read once per run (${f.rows} rows)`, fmt(f.duration_ms));

  // 3. the engine's own cost: N cheap SQL checks with trivial validators
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
  const upload = spawnSync(process.execPath, [resolve(repo, 'dist/cli.cjs'), 'pack', ...conn, '--config', benchConfig, '--upload', 'bench'], { encoding: 'utf8' });
  if (upload.status !== 0) throw new Error(upload.stderr);
  const client = await cluster.connect();
  const benchRun = `SELECT count(*) FROM sec_check.run(NULL, 'en', 'bench')`;
  await client.query(benchRun);
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
    engineInDb.push(await timed(() => client.query(benchRun)));
    engineCli.push(await timed(() => auditWithNode(agent, benchPack)));
  }
  await agent.end();
  console.log(`\n3. the engine's own cost (${N} one-row SQL checks, trivial Lua validator; run() includes storing)`);
  row('same SQL directly, in the database (one DO block)', `${fmt(median(directInDb) / N)} per query`);
  row('run() in the database (pljs), warm', `${fmt(median(engineInDb) / N)} per check`);
  row('  overhead per check in the database', fmt((median(engineInDb) - median(directInDb)) / N));
  row('same SQL directly from Node (pg, one round trip each)', `${fmt(median(direct) / N)} per query`);
  row('engine from Node (CLI engine, in process)', `${fmt(median(engineCli) / N)} per check`);
  row('  overhead per check from Node', fmt((median(engineCli) - median(direct)) / N));
  await client.end();

  // 4. report rendering of that catalog run
  const report = cliReport as unknown as Parameters<typeof renderHtml>[0];
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
      '--config', config, '--format', 'Full', '--output', join(out, `hostile_${c.name}`), '--store', '--fail-on', 'never']);
    const db = await backendPeakRss(cluster, `SELECT status, left(full_description, 80) AS why FROM sec_check.run(NULL, 'en', 'bench_${c.name}')`);
    const verdict = JSON.parse(readFileSync(join(out, `hostile_${c.name}.json`), 'utf8')).results[0];
    row(`${c.name}: CLI ${verdict.status}, database ${db.rows[0].status}`,
      `CLI ${(cliRun.kib / 1024).toFixed(0)} MB, backend ${(db.peakKib / 1024).toFixed(0)} MB (+${((db.peakKib - db.startKib) / 1024).toFixed(0)} MB; pljs.memory_limit ${db.pljsLimitMb} MB)`);
  }
} finally {
  await cluster.stop();
}
