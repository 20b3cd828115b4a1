// `npm run bench` (part 2): parallel checks and the in-database fast path.
//   1. --threads × --pgclients on a pack of 40 checks of ~100 ms each (pg_sleep), CLI wall
//      time and whether the results equal the serial run's
//   2. the full built-in catalog in a FRESH session (bundle load included), split into where
//      the time goes: bundle evaluation, executor SQL, validators + engine, storing
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureInstall, installExtensionFromRepo, startCluster, type Cluster } from '../../src/harness/index.ts';
import { configOf, luaReturning, writePack } from '../integration/support.ts';

const repo = resolve(import.meta.dirname, '../..');
const REPS = Number(process.env.BENCH_REPS ?? 3);
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
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

  // 2. in-database full catalog in a fresh session
  const fresh: number[] = [];
  const warm: number[] = [];
  const bundleLoad: number[] = [];
  let profile = { checks: 0, executors: 0, checksTotal: 0, engineDuration: 0 };
  for (let i = 0; i < REPS; i++) {
    const c = await cluster.connect();
    await c.query('SELECT 1');
    let t = performance.now();
    const rows = await c.query('SELECT run_id FROM sec_check.run() LIMIT 1');
    fresh.push(performance.now() - t);
    t = performance.now();
    await c.query('SELECT run_id FROM sec_check.run() LIMIT 1');
    warm.push(performance.now() - t);
    await c.end();
    // bundle evaluation alone: a fresh session's first engine call that only asks for progress
    const d = await cluster.connect();
    await d.query('SELECT 1');
    t = performance.now();
    await d.query(`SELECT sec_check.engine('{"op":"progress"}'::jsonb)`);
    bundleLoad.push(performance.now() - t);
    await d.end();
    const [doc] = await cluster.query(`SELECT sec_check.report_json(${Number(rows.rows[0].run_id)}) AS r`);
    const report = doc.r;
    const executors = report.results.reduce((n: number, r: { executors: { duration_ms?: number }[] }) => n + r.executors.reduce((m, e) => m + (e.duration_ms ?? 0), 0), 0);
    const checksTotal = report.results.reduce((n: number, r: { duration_ms: number }) => n + r.duration_ms, 0);
    profile = { checks: report.results.length, executors, checksTotal, engineDuration: report.run.duration_ms };
  }
  console.log(`\n2. full built-in catalog in the database (${profile.checks} checks, median of ${REPS}; target: fresh session ≤ 300 ms)`);
  row('fresh session: SELECT sec_check.run() (bundle load included)', fmt(median(fresh)));
  row('same session, second run', fmt(median(warm)));
  row('bundle evaluation alone (fresh session, engine progress call)', fmt(median(bundleLoad)));
  row('profile of the last run: executor SQL (sum over checks)', fmt(profile.executors));
  row('  validators + engine per check (check time − executor time)', fmt(profile.checksTotal - profile.executors));
  row(`  per check: engine overhead over the executor SQL`, fmt((profile.checksTotal - profile.executors) / profile.checks));
  row('  report assembly (engine run − sum of checks)', fmt(profile.engineDuration - profile.checksTotal));
  row('  storing, pack check, function call (warm run − engine run)', fmt(median(warm) - profile.engineDuration));

  // 3. what bounds the per-check cost in the database: a trivial validator (fixed cost of a
  // sandboxed Lua state, chunk load, conversions, engine) and one running 20000 loop steps
  // (Lua instructions interpreted by fengari, itself interpreted by QuickJS)
  console.log('\n3. per-check cost in the database by validator weight (40 checks of SELECT 1, warm session)');
  const M = 40;
  const mk = (lua: string) => writePack({ 'config.json': configOf('s', Array.from({ length: M }, (_, i) => ({ name: `c${i}`, executors: [{ script: 'q.sql' }], validators: [{ script: 'v.lua' }] }))), 'q.sql': 'SELECT 1 AS x', 'v.lua': lua });
  const weights = {
    trivial: mk('function validate_result() return { status = "Success" } end\n'),
    loop20k: mk('function validate_result() local s = 0 for i = 1, 20000 do s = s + i end return { status = "Success", short_description = tostring(s) } end\n'),
  };
  const c = await cluster.connect();
  for (const [name, cfg] of Object.entries(weights)) {
    const up = spawnSync(process.execPath, [join(repo, 'dist/cli.cjs'), 'pack', ...conn, '--config', cfg, '--upload', `bench_${name}`], { encoding: 'utf8' });
    if (up.status !== 0) throw new Error(up.stderr);
    const call = `SELECT sec_check.engine(jsonb_build_object('op','run','pack_name','bench_${name}','groups',NULL,'locale','en','deadline_ms',NULL,'build_id',sec_check.build_id())) AS r`;
    await c.query(call);
    let best = Infinity;
    let doc: { results: { duration_ms: number; executors: { duration_ms: number }[] }[] } | null = null;
    for (let i = 0; i < REPS; i++) {
      const t = performance.now();
      const r = (await c.query(call)).rows[0].r;
      const took = performance.now() - t;
      if (took < best) { best = took; doc = r; }
    }
    const ex = doc!.results.reduce((n, x) => n + x.executors[0].duration_ms, 0);
    const tot = doc!.results.reduce((n, x) => n + x.duration_ms, 0);
    row(`${name} validator`, `${fmt(tot / M)} per check: executor ${fmt(ex / M)}, validator + engine ${fmt((tot - ex) / M)}`);
  }
  await c.end();
} finally {
  await cluster.stop();
}
