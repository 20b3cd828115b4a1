// `npm run demo`: the main job on a throwaway PostgreSQL 18 with pljs. Installs the
// extension with its Makefile, audits in the database (sec_check.run()), audits again from
// outside with the CLI as the host agent (--store), and writes the reports of both.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { ensureInstall, installExtensionFromRepo, startCluster } from '../src/harness/index.ts';

const repo = resolve(import.meta.dirname, '..');
const output = resolve(process.argv[2] ?? 'demo_result');

const install = await ensureInstall(18);
await installExtensionFromRepo(install, repo);
const cluster = await startCluster(install, { settings: { log_connections: 'on', password_encryption: 'scram-sha-256' } });
try {
  await cluster.query('CREATE EXTENSION pljs');
  await cluster.query('CREATE EXTENSION sec_check');
  console.log(`PostgreSQL ${install.version} with pljs at ${cluster.socketDir}:${cluster.port}\n`);

  const t0 = performance.now();
  const rows = await cluster.query<{ run_id: string; status: string }>('SELECT run_id, status FROM sec_check.run()');
  const inDb = performance.now() - t0;
  const counts: Record<string, number> = {};
  for (const r of rows) counts[r.status] = (counts[r.status] ?? 0) + 1;
  console.log(`in-database: SELECT * FROM sec_check.run() -> run ${rows[0]?.run_id}, ${rows.length} checks in ${(inDb / 1000).toFixed(1)} s`);
  console.log(`  ${Object.entries(counts).map(([s, n]) => `${s} ${n}`).join(', ')}\n`);

  console.log('host agent: sec-check run --store (runs the shell checks too)');
  const cli = spawnSync(process.execPath, [resolve(repo, 'dist/cli.cjs'), 'run',
    '--host', cluster.socketDir, '--port', String(cluster.port), '--user', 'postgres', '--database', 'postgres',
    '--config', resolve(repo, 'dist/catalog/config.json'), '--format', 'Full', '--output', output,
    '--locale', 'en', '--store', '--fail-on', 'never'], { stdio: 'inherit' });
  if (cli.status !== 0) throw new Error(`sec-check run exited ${cli.status}`);

  const latest = await cluster.query<{ status: string; n: string }>(
    'SELECT status, count(*) AS n FROM sec_check.latest_results GROUP BY status ORDER BY status');
  console.log(`\nsec_check.latest_results: ${latest.map((r) => `${r.status} ${r.n}`).join(', ')}`);
  console.log(`reports: ${output}.json, ${output}_web/index.html`);
} finally {
  await cluster.stop();
}
