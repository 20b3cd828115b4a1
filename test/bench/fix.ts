// `npm run bench` (fix scripts): how long `sec-check fix --run latest` takes on a weak
// PostgreSQL 18 (16 failing checks with statements, the manual ones listed), as the whole
// CLI process (start-up, integrity check of the fix files, report_json, fix queries) and as
// the planner alone on an open connection; medians of BENCH_REPS rounds (default 5).
// Numbers, not assertions.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import pg from 'pg';
import { ensureInstall, installExtensionFromRepo, startCluster } from '../../src/harness/index.ts';
import { loadFixCatalog } from '../../src/fix/catalog.ts';
import { planFixes, storedRunTrust } from '../../src/fix/plan.ts';

const repo = resolve(import.meta.dirname, '../..');
const REPS = Number(process.env.BENCH_REPS ?? 5);
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

const install = await ensureInstall(18);
await installExtensionFromRepo(install, repo);
const cluster = await startCluster(install);
try {
  await cluster.query('CREATE EXTENSION pljs; CREATE EXTENSION sec_check');
  await cluster.alterSystem({ password_encryption: 'md5', log_statement: 'none', log_line_prefix: '%m ', log_min_messages: 'error', debug_print_parse: 'on', log_rotation_age: '0' }, 'reload');
  await cluster.query('GRANT CREATE ON SCHEMA public TO PUBLIC');
  const t0 = performance.now();
  const rows = await cluster.query<{ run_id: string }>('SELECT run_id FROM sec_check.run()');
  const runMs = performance.now() - t0;
  const conn = ['--host', cluster.socketDir, '--port', String(cluster.port), '--user', 'postgres', '--database', 'postgres'];
  const cliMs: number[] = [];
  let statements = 0;
  for (let i = 0; i < REPS; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, [resolve(repo, 'dist/cli.cjs'), 'fix', ...conn, '--run', 'latest'], { encoding: 'utf8' });
    cliMs.push(performance.now() - t);
    if (r.status !== 0) throw new Error(r.stderr);
    statements = r.stdout.split('\n').filter((l) => l.trim() && !l.startsWith('--')).length;
  }
  const client = new pg.Client(cluster.clientConfig());
  client.on('error', () => {});
  await client.connect();
  const fixes = loadFixCatalog(resolve(repo, 'dist/catalog'));
  const report = (await client.query('SELECT sec_check.report_json($1) AS r', [rows[0].run_id])).rows[0].r;
  const contexts = new Map((await client.query('SELECT lower(name) AS name, context FROM pg_settings')).rows.map((r) => [r.name, r.context]));
  const planMs: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const t = performance.now();
    await planFixes(report, fixes.catalog.checks, fixes.queries, { contexts, query: async (sql) => (await client.query(sql)).rows, evidence: storedRunTrust(String(rows[0].run_id), 'database', 'builtin') });
    planMs.push(performance.now() - t);
  }
  await client.end();
  console.log(`fix: in-database run ${runMs.toFixed(0)} ms (${rows.length} checks); sec-check fix --run latest median ${median(cliMs).toFixed(0)} ms (${REPS} runs, ${statements} script lines that are not comments); planner alone median ${median(planMs).toFixed(1)} ms`);
} finally {
  await cluster.stop();
}
