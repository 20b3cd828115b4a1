// `npm run bench` (part): the pg_hba.conf file path (`sec-check hba --hba-file`). (1) parsing:
// a BENCH_HBA_FILE_LINES-line file (default 10,000; CIDR, address+mask, IPv6, quoted lists,
// continuation lines, comments) plus an include file, in memory; (2) on a PG 18 server with
// 200 login roles and the 40-line file of hba-analysis.ts: the matrix query on
// pg_hba_file_rules vs the same query after the parsed rows as its hba_source (hbaSourceCte),
// as the CLI runs it (BENCH_HBA_EXPERIMENT=1 adds enable_nestloop off),
// median of BENCH_REPS (default 3). Numbers, not assertions.
import { resolve } from 'node:path';
import { ensureInstall, startCluster } from '../../src/harness/index.ts';
import { hbaSourceCte, parseHbaFile } from '../../src/core/hba/parse.ts';
// @ts-expect-error: a build script in plain JavaScript
import { hbaMatrixAfterSource, hbaMatrixQuery } from '../../build/extension.mjs';

const repo = resolve(import.meta.dirname, '../..');
const REPS = Number(process.env.BENCH_REPS ?? 3);
const N = Number(process.env.BENCH_HBA_FILE_LINES ?? 10000);
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

const big: string[] = ['# generated'];
for (let i = 0; i < N; i++) {
  switch (i % 5) {
    case 0: big.push(`host all u${i} 10.${i % 256}.${(i >> 8) % 256}.0/24 scram-sha-256`); break;
    case 1: big.push(`host "db${i}",app +g${i % 7} 192.168.${i % 256}.0 255.255.255.0 md5`); break;
    case 2: big.push(`hostnossl all u${i} 2001:db8:${(i % 65536).toString(16)}::/48 \\\n   scram-sha-256 # c`); break;
    case 3: big.push(`local sameuser,"a b" u${i} peer map=m`); break;
    default: big.push(`# comment ${i}`);
  }
}
big.push('include extra.conf');
const files: Record<string, string> = { '/b/pg_hba.conf': big.join('\n') + '\n', '/b/extra.conf': 'host all all 0.0.0.0/0 reject\n' };
const times: number[] = [];
let rows = 0;
for (let r = 0; r < Math.max(REPS, 3); r++) {
  const t = performance.now();
  rows = parseHbaFile('/b/pg_hba.conf', (p) => files[p] ?? null, () => null).length;
  times.push(performance.now() - t);
}
const parseMs = median(times);
console.log(`hba-file parse: ${N} lines -> ${rows} rows in ${parseMs.toFixed(1)} ms (${Math.round(rows / (parseMs / 1000))} rows/s), median of ${times.length}`);

const lines = ['local all all trust', 'host all all 10.0.0.0/8 reject', 'host all +bench_grp 192.168.0.0/16 md5'];
for (let i = 0; i < 18; i++) lines.push(`host all bench_r${i} 172.${16 + (i % 16)}.${i}.0/24 scram-sha-256`);
for (let i = 0; i < 10; i++) lines.push(`host db${i % 5} all 2001:db8:${i}::/48 scram-sha-256`);
for (let i = 0; i < 8; i++) lines.push(`hostnossl all bench_r${i} 198.51.${i}.0/24 ${i % 2 ? 'md5' : 'password'}`);
lines.push('host all all 0.0.0.0/0 scram-sha-256');

const cluster = await startCluster(await ensureInstall(18));
try {
  await cluster.query(`CREATE ROLE bench_grp NOLOGIN; DO $$ BEGIN FOR i IN 0..199 LOOP
      EXECUTE format('CREATE ROLE %I LOGIN', 'bench_r' || i);
      IF i % 3 = 0 THEN EXECUTE format('GRANT bench_grp TO %I', 'bench_r' || i); END IF; END LOOP; END $$`);
  for (let i = 0; i < 5; i++) await cluster.query(`CREATE DATABASE db${i}`);
  await cluster.writeHba(lines);
  const hbaPath = (await cluster.query<{ f: string }>(`SELECT setting AS f FROM pg_settings WHERE name = 'hba_file'`))[0].f;
  const text = lines.join('\n') + '\n';
  // the matrix query as build/extension.mjs makes it (sql/510's body, blocks put in)
  const matrix = hbaMatrixQuery(resolve(repo, 'sql'));
  const fileQuery = `WITH RECURSIVE\n${hbaSourceCte(parseHbaFile(hbaPath, (p) => (p === hbaPath ? text : null), () => null))}${hbaMatrixAfterSource(resolve(repo, 'sql'))}`;
  const variants = [['view (pg_hba_file_rules)', matrix], ['file (parsed rows) as the CLI runs it', fileQuery]] as [string, string][];
  if (process.env.BENCH_HBA_EXPERIMENT) variants.push(['file (parsed rows), enable_nestloop off', `SET enable_nestloop = off; ${fileQuery}`]);
  for (const [label, q] of variants) {
    const ts: number[] = [];
    let n = 0;
    for (let r = 0; r < REPS; r++) {
      const t = performance.now();
      const res = await cluster.query(q);
      n = res.length;
      ts.push(performance.now() - t);
    }
    console.log(`hba-file matrix from ${label}: ${n} rows, ${median(ts).toFixed(0)} ms (median of ${REPS})`);
  }
} finally {
  await cluster.stop();
}
