// `npm run bench` (part): the cost of the pg_hba.conf first-match checks. A PG 18 server with
// BENCH_HBA_ROLES login roles (default 200, a third in a +group), 5 databases and a 40-line
// pg_hba.conf (IPv4 and IPv6 ranges, hostnossl, rejects, +group and per-role lines); each compiled check
// query (dist/catalog) and sec_check's matrix query timed, median of BENCH_REPS (default 3).
// The shared block before this work (git 9d0eb06, no address-class probes) is timed in
// host_login's query for comparison. Numbers, not assertions.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ensureInstall, startCluster } from '../../src/harness/index.ts';

const repo = resolve(import.meta.dirname, '../..');
const REPS = Number(process.env.BENCH_REPS ?? 3);
const ROLES = Number(process.env.BENCH_HBA_ROLES ?? 200);
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

const lines = ['local all all trust', 'host all all 10.0.0.0/8 reject', 'host all +bench_grp 192.168.0.0/16 md5'];
for (let i = 0; i < 18; i++) lines.push(`host all bench_r${i} 172.${16 + (i % 16)}.${i}.0/24 scram-sha-256`);
for (let i = 0; i < 10; i++) lines.push(`host db${i % 5} all 2001:db8:${i}::/48 scram-sha-256`);
for (let i = 0; i < 8; i++) lines.push(`hostnossl all bench_r${i} 198.51.${i}.0/24 ${i % 2 ? 'md5' : 'password'}`);
lines.push('host all all 0.0.0.0/0 scram-sha-256');

const cluster = await startCluster(await ensureInstall(18));
try {
  await cluster.query(`CREATE ROLE bench_grp NOLOGIN; DO $$ BEGIN FOR i IN 0..${ROLES - 1} LOOP
      EXECUTE format('CREATE ROLE %I LOGIN', 'bench_r' || i);
      IF i % 3 = 0 THEN EXECUTE format('GRANT bench_grp TO %I', 'bench_r' || i); END IF; END LOOP; END $$`);
  for (let i = 0; i < 5; i++) await cluster.query(`CREATE DATABASE db${i}`);
  await cluster.writeHba(lines);
  const oldBlock = execFileSync('git', ['show', '9d0eb06:checks/_lib/sql/hba-first-match.sql'], { cwd: repo, encoding: 'utf8' });
  const newBlock = readFileSync(resolve(repo, 'checks/_lib/sql/hba-first-match.sql'), 'utf8');
  const hostLogin = readFileSync(resolve(repo, 'dist/catalog/connections/host_login/query.sql'), 'utf8');
  const queries: [string, string][] = [
    ...['hba_shadowed_lines', 'hba_remote_trust', 'hba_weak_effective_method', 'host_login', 'remote_superuser', 'ssl_usage']
      .map((id) => [id, readFileSync(resolve(repo, `dist/catalog/connections/${id}/query.sql`), 'utf8')] as [string, string]),
    ['host_login with the block of 9d0eb06', hostLogin.replace(newBlock.trimEnd(), oldBlock.trimEnd())],
    ['sec-check hba (matrix)', /AS \$hba_matrix\$\n([\s\S]*?)\n\$hba_matrix\$;/.exec(
      readFileSync(resolve(repo, 'sql/510_function_hba_first_match.sql'), 'utf8').replace('-- include: hba-first-match\n', newBlock))![1]],
  ];
  if (queries[6][1] === hostLogin) throw new Error('could not swap the block into host_login');
  console.log(`hba bench: ${ROLES} login roles, 5+2 databases, ${lines.length} pg_hba.conf lines, median of ${REPS}`);
  for (const [name, sql] of queries) {
    const times: number[] = [];
    let rows = 0;
    for (let r = 0; r < REPS; r++) {
      const t = performance.now();
      rows = (await cluster.query(sql)).length;
      times.push(performance.now() - t);
    }
    console.log(`  ${name}: ${median(times).toFixed(0)} ms (${rows} rows)`);
  }
} finally {
  await cluster.stop();
}
