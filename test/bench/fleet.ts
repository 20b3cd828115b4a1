// `npm run bench` (fleet): eight local servers (PostgreSQL 13 to 18, two more 18s), the
// built-in catalog. Prints the sum of the single-server audit times (`sec-check run`, one
// server after the other) and the wall time of `sec-check fleet` over all eight at
// --concurrency 1, 4 and 8, with a central channel table receiving every finding.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureInstall, startCluster, type Cluster, type PgMajor } from '../../src/harness/index.ts';

const repo = resolve(import.meta.dirname, '../..');
const CLI = join(repo, 'dist/cli.cjs');
const MAJORS: PgMajor[] = [13, 14, 15, 16, 17, 18, 18, 18];
const row = (label: string, value: string) => console.log(`  ${label.padEnd(46)} ${value}`);
const work = mkdtempSync(join(tmpdir(), 'sec-check-bench-fleet-'));

const clusters: Cluster[] = await Promise.all(MAJORS.map(async (m) => startCluster(await ensureInstall(m, { extras: false }))));
try {
  const central = clusters[clusters.length - 1];
  await central.query('CREATE DATABASE central');
  writeFileSync(join(work, 'channel.toml'), `[alerts.postgres]\nhost = ${JSON.stringify(central.socketDir)}\nport = ${central.port}\ndbname = "central"\n`);
  writeFileSync(join(work, 'inventory.toml'), clusters.map((c, i) =>
    `[[servers]]\nname = "pg${Math.floor(c.versionNum / 10000)}-${i}"\nhost = ${JSON.stringify(c.socketDir)}\nport = ${c.port}\nuser = "postgres"\n`).join('\n'));

  console.log(`fleet: ${clusters.length} servers (PostgreSQL ${MAJORS.join(', ')}), built-in catalog, channel on for the fleet runs`);
  let sum = 0;
  for (const [i, c] of clusters.entries()) {
    const t0 = performance.now();
    const res = spawnSync(process.execPath, [CLI, 'run', '--host', c.socketDir, '--port', String(c.port), '--user', 'postgres',
      '--format', 'Json', '--output', join(work, `single${i}`), '--fail-on', 'never', '--threads', '1', '--pgclients', '1'], { encoding: 'utf8' });
    if (res.status !== 0) throw new Error(res.stderr);
    sum += performance.now() - t0;
  }
  row('sum of single-server times (run, one by one)', `${(sum / 1000).toFixed(2)} s`);
  for (const concurrency of [1, 4, 8]) {
    const prefix = join(work, `fleet-c${concurrency}`);
    const t0 = performance.now();
    const res = spawnSync(process.execPath, [CLI, 'fleet', '--inventory', join(work, 'inventory.toml'), '--concurrency', String(concurrency),
      '--channel', join(work, 'channel.toml'), '--spool-dir', join(work, 'spool'), '--output', prefix, '--fail-on', 'never'], { encoding: 'utf8' });
    const wall = performance.now() - t0;
    if (res.status !== 0) throw new Error(`fleet --concurrency ${concurrency}: exit ${res.status}: ${res.stderr}`);
    const fleet = JSON.parse(readFileSync(`${prefix}.json`, 'utf8'));
    row(`fleet --concurrency ${concurrency}`, `${(wall / 1000).toFixed(2)} s wall (${(sum / wall).toFixed(2)}x faster than the sum), servers' own times ${(fleet.servers_duration_ms / 1000).toFixed(2)} s, ${fleet.summary.audited}/${fleet.summary.servers} audited, ${fleet.channel.delivered} findings delivered`);
  }
} finally {
  await Promise.all(clusters.map((c) => c.stop()));
}
