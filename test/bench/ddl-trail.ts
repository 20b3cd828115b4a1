// `npm run bench` (part): the cost of the DDL trail. One loop = 500 × (CREATE TABLE with a
// primary key; DROP TABLE), each statement its own transaction, on one connection. Three
// databases on the same server: the trail off (sec_check installed, never enabled), the
// trail of release 0.3.0 (CREATE EXTENSION sec_check VERSION '0.3.0', enabled) and the
// current trail (enabled). Rounds run one loop of each, in a rotating order, so load drift on
// a shared machine hits every mode alike; the ratio is taken per round (paired) and the
// medians are printed with the machine's load average. Target: the current trail costs at
// most 20% over off. Numbers, not assertions.
// BENCH_REPS rounds (default 9), BENCH_DDL_N pairs a loop (default 500).
import { loadavg, cpus } from 'node:os';
import { resolve } from 'node:path';
import type pg from 'pg';
import { ensureInstall, installExtensionFromRepo, startCluster } from '../../src/harness/index.ts';

const repo = resolve(import.meta.dirname, '../..');
const REPS = Number(process.env.BENCH_REPS ?? 9);
const N = Number(process.env.BENCH_DDL_N ?? 500);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const install = await ensureInstall(18);
await installExtensionFromRepo(install, repo);
const cluster = await startCluster(install);
try {
  const modes = [
    { name: 'off', db: 'trail_off', setup: 'CREATE EXTENSION pljs; CREATE EXTENSION sec_check' },
    { name: 'on, release 0.3.0', db: 'trail_old', setup: `CREATE EXTENSION pljs; CREATE EXTENSION sec_check VERSION '0.3.0'; SELECT sec_check.ddl_audit_enable()` },
    { name: 'on, current', db: 'trail_new', setup: 'CREATE EXTENSION pljs; CREATE EXTENSION sec_check; SELECT sec_check.ddl_audit_enable()' },
  ];
  const clients: pg.Client[] = [];
  for (const m of modes) {
    await cluster.query(`CREATE DATABASE ${m.db}`);
    const c = await cluster.connect('postgres', m.db);
    await c.query(m.setup);
    clients.push(c);
  }
  const loop = async (c: pg.Client, tag: string): Promise<number> => {
    const t = performance.now();
    for (let i = 0; i < N; i++) {
      await c.query(`CREATE TABLE bench_${tag} (id int PRIMARY KEY, v text)`);
      await c.query(`DROP TABLE bench_${tag}`);
    }
    return performance.now() - t;
  };
  for (let m = 0; m < modes.length; m++) await loop(clients[m], 'warm'); // caches, WAL files, plans
  const times: number[][] = modes.map(() => []);
  const loadBefore = load();
  for (let r = 0; r < REPS; r++) {
    for (let k = 0; k < modes.length; k++) {
      const m = (r + k) % modes.length;
      times[m].push(await loop(clients[m], `r${r}`));
    }
  }
  const loadAfter = load();
  const rows: number[] = [];
  const verified: boolean[] = [];
  for (let m = 1; m < modes.length; m++) {
    rows.push(Number((await clients[m].query('SELECT count(*) AS n FROM sec_check.ddl_log')).rows[0].n));
    verified.push((await clients[m].query('SELECT ok FROM sec_check.ddl_log_verify()')).rows[0].ok);
  }
  for (const c of clients) await c.end();
  const statements = 2 * N * (REPS + 1);
  console.log(`\nDDL trail bench — PostgreSQL ${install.version}, ${N} × (CREATE TABLE with a primary key; DROP TABLE) a loop, ${REPS} paired rounds`);
  console.log(`  machine: ${cpus().length} cores, load average ${loadBefore} before, ${loadAfter} after`);
  const off = median(times[0]);
  for (let m = 0; m < modes.length; m++) {
    const med = median(times[m]);
    const line = `  ${modes[m].name.padEnd(22)} median ${med.toFixed(0).padStart(6)} ms  (${(med / (2 * N)).toFixed(3)} ms a statement)`;
    if (m === 0) { console.log(line); continue; }
    const paired = median(times[m].map((t, r) => t / times[0][r]));
    console.log(`${line}  paired ratio ${paired.toFixed(3)} (+${((paired - 1) * 100).toFixed(1)}%), ratio of medians ${(med / off).toFixed(3)}`
      + `, ${(rows[m - 1] / statements).toFixed(2)} rows a statement, chain ${verified[m - 1] ? 'verifies' : 'BROKEN'}`);
  }
  console.log('  target: current trail ≤ 1.20 × off');
} finally {
  await cluster.stop();
}
