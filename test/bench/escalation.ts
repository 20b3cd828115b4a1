// `npm run bench` (part): the access/escalation_paths query on a large role graph.
// 5,000 roles (500 group roles in five levels, 4,500 login roles) and 20,000 memberships
// (each group below the top level is a member of two groups one level up; each login role of
// four groups, the first 1,200 of five), with a superuser role, pg_execute_server_program,
// pg_read_server_files and CREATE on a schema holding a superuser's SECURITY DEFINER function
// granted to groups; random choices from a fixed seed, so every run builds the same graph.
// Times the compiled executor (dist/catalog) on PostgreSQL 18 and 14: median of BENCH_REPS
// runs (default 3). Numbers, not assertions.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ensureInstall, startCluster } from '../../src/harness/index.ts';

const repo = resolve(import.meta.dirname, '../..');
const REPS = Number(process.env.BENCH_REPS ?? 3);

const GRAPH = `
SELECT setseed(0.42);
DO $$
DECLARE i int; j int; k int; base int;
BEGIN
  FOR i IN 0..499 LOOP EXECUTE format('CREATE ROLE bench_g%s NOLOGIN', i); END LOOP;
  FOR i IN 0..4499 LOOP EXECUTE format('CREATE ROLE bench_u%s LOGIN', i); END LOOP;
  FOR i IN 100..499 LOOP
    base := (i / 100 - 1) * 100;
    j := floor(random() * 100)::int;
    k := (j + 1 + floor(random() * 99)::int) % 100;
    EXECUTE format('GRANT bench_g%s, bench_g%s TO bench_g%s', base + j, base + k, i);
  END LOOP;
  FOR i IN 0..4499 LOOP
    EXECUTE format('GRANT %s TO bench_u%s',
      (SELECT string_agg('bench_g' || g, ', ') FROM (SELECT g FROM generate_series(0, 499) AS g ORDER BY random()
                                                     LIMIT CASE WHEN i < 1200 THEN 5 ELSE 4 END) AS s), i);
  END LOOP;
END $$;
CREATE ROLE bench_dba NOLOGIN SUPERUSER;
GRANT bench_dba TO bench_g7;
GRANT pg_execute_server_program TO bench_g150;
GRANT pg_read_server_files TO bench_g420;
CREATE SCHEMA bench_app;
GRANT USAGE, CREATE ON SCHEMA bench_app TO bench_g333;
CREATE FUNCTION bench_app.f() RETURNS int SECURITY DEFINER LANGUAGE sql AS 'SELECT 1';
ANALYZE;`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

console.log(`\naccess/escalation_paths bench — the check's query, median of ${REPS}`);
for (const major of [18, 14] as const) {
  const install = await ensureInstall(major);
  const cluster = await startCluster(install);
  try {
    const t0 = performance.now();
    await cluster.query(GRAPH);
    const built = performance.now() - t0;
    const counts = (await cluster.query(`SELECT (SELECT count(*) FROM pg_roles WHERE rolname LIKE 'bench\\_%')::int AS roles,
                                                (SELECT count(*) FROM pg_auth_members)::int AS memberships`))[0];
    const sql = readFileSync(resolve(repo, 'dist/catalog/access/escalation_paths', major >= 15 ? 'query_15.sql' : 'query.sql'), 'utf8');
    const client = await cluster.connect();
    const times: number[] = [];
    let rows: { kind: string | null; severity: string | null; total: number }[] = [];
    for (let r = 0; r < REPS; r++) {
      const t = performance.now();
      rows = (await client.query(sql)).rows;
      times.push(performance.now() - t);
    }
    await client.end();
    const kinds = new Map<string, number>();
    for (const row of rows) if (row.kind) kinds.set(`${row.kind}/${row.severity}`, (kinds.get(`${row.kind}/${row.severity}`) ?? 0) + 1);
    console.log(`  PostgreSQL ${install.version}: ${counts.roles} roles, ${counts.memberships} memberships (built in ${(built / 1000).toFixed(1)} s)`);
    console.log(`    ${'escalation_paths query'.padEnd(36)} ${median(times).toFixed(0)} ms  (runs: ${times.map((t) => t.toFixed(0)).join(', ')} ms)`);
    console.log(`    ${'paths found (rows returned)'.padEnd(36)} ${rows[0]?.total ?? 0} (${rows.length}): ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  } finally {
    await cluster.stop();
  }
}
