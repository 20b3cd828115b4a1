// `npm run bench` (part): the cost of the authentication family — the facts hba_rules,
// hba_role_class, hba_decision, ident_map (read once per run) and the checks that read them —
// in both paths: the CLI (Node, simple protocol) and sec_check.run() in the database (pljs).
// A PG 18 server with BENCH_HBA_ROLES login roles (default 10,000; a third in a +group),
// 5 databases and a 40-line pg_hba.conf (IPv4 and IPv6 ranges, hostnossl, rejects, +group and
// per-role lines, a peer map). Prints each fact's and each check's own time (the report's
// duration_ms) per path, median of BENCH_REPS (default 2), and sec_check.hba_first_match().
// Then the plans: each family query as the CLI sends it (facts bound, wrapped) is explained at
// top level and inside a plpgsql EXECUTE in a read-only subtransaction, as
// sec_check.safe_query runs it in the database; the two plan trees (node types, below the
// wrapper's own aggregate) are compared. Numbers and plan sameness, not assertions.
import { startPg18WithSecCheck, CATALOG } from '../integration/support.ts';
import { loadPackFromConfig } from '../../src/session/node-pack.ts';
import { auditWithNode } from '../../src/runtime/node.ts';
import { compilePack } from '../../src/core/pack.ts';

const REPS = Number(process.env.BENCH_REPS ?? 2);
const ROLES = Number(process.env.BENCH_HBA_ROLES ?? 10000);
const FAMILY = ['hba_shadowed_lines', 'hba_remote_trust', 'hba_weak_effective_method', 'host_login', 'remote_superuser', 'ssl_usage',
  'unix_socket_login', 'authorized_ip_ranges', 'listen_addresses', 'password_encryption'];
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

const lines = ['local all postgres trust', 'local all all peer map=m', 'host all all 10.0.0.0/8 reject', 'host all +bench_grp 192.168.0.0/16 md5'];
for (let i = 0; i < 18; i++) lines.push(`host all bench_r${i} 172.${16 + (i % 16)}.${i}.0/24 scram-sha-256`);
for (let i = 0; i < 10; i++) lines.push(`host db${i % 5} all 2001:db8:${i}::/48 scram-sha-256`);
for (let i = 0; i < 8; i++) lines.push(`hostnossl all bench_r${i} 198.51.${i}.0/24 ${i % 2 ? 'md5' : 'password'}`);
lines.push('host all all 0.0.0.0/0 scram-sha-256');

const cluster = await startPg18WithSecCheck();
try {
  await cluster.query(`CREATE ROLE bench_grp NOLOGIN; DO $$ BEGIN FOR i IN 0..${ROLES - 1} LOOP
      EXECUTE format('CREATE ROLE %I LOGIN', 'bench_r' || i);
      IF i % 3 = 0 THEN EXECUTE format('GRANT bench_grp TO %I', 'bench_r' || i); END IF; END LOOP; END $$`);
  for (let i = 0; i < 5; i++) await cluster.query(`CREATE DATABASE db${i}`);
  await cluster.writeHba(lines);
  console.log(`hba bench: ${ROLES} login roles, 5+2 databases, ${lines.length} pg_hba.conf lines, median of ${REPS}`);

  const pack = loadPackFromConfig(CATALOG);
  const cli: Record<string, number[]> = {};
  const db: Record<string, number[]> = {};
  const status: Record<string, string> = {};
  const add = (m: Record<string, number[]>, k: string, v: number) => { (m[k] ??= []).push(v); };
  for (let r = 0; r < REPS; r++) {
    const client = await cluster.connect();
    const report = await auditWithNode(client, pack, { groups: ['connections'], locale: 'en' });
    await client.end();
    for (const f of report.run.facts ?? []) add(cli, `fact ${f.id}`, f.duration_ms);
    for (const x of report.results) if (FAMILY.includes(String(x.check_id))) { add(cli, String(x.check_id), x.duration_ms ?? 0); status[String(x.check_id)] = x.status; }

    const rows = await cluster.query<{ check_id: string; duration_ms: number; status: string }>(`SELECT check_id, duration_ms, status FROM sec_check.run('connections')`);
    for (const x of rows) if (FAMILY.includes(x.check_id)) { add(db, x.check_id, x.duration_ms); status[x.check_id] += ` / ${x.status}`; }
    const facts = (await cluster.query<{ f: { id: string; duration_ms: number }[] }>(`SELECT report -> 'run' -> 'facts' AS f FROM sec_check.runs ORDER BY id DESC LIMIT 1`))[0].f ?? [];
    for (const f of facts) add(db, `fact ${f.id}`, f.duration_ms);
  }
  const names = [...new Set([...Object.keys(cli), ...Object.keys(db)])].sort((a, b) => (a.startsWith('fact') === b.startsWith('fact') ? a.localeCompare(b) : a.startsWith('fact') ? -1 : 1));
  console.log(`  ${'what'.padEnd(32)} ${'CLI ms'.padStart(8)} ${'in-db ms'.padStart(9)}  status (CLI / in-db, last run)`);
  for (const n of names) console.log(`  ${n.padEnd(32)} ${(cli[n] ? median(cli[n]).toFixed(0) : '-').padStart(8)} ${(db[n] ? median(db[n]).toFixed(0) : '-').padStart(9)}  ${status[n] ?? ''}`);

  // the same plan in both paths: capture the SQL the runner sends, explain it both ways
  const sent: string[] = [];
  const planClient = await cluster.connect();
  const target = { use: async <T>(fn: (c: any) => Promise<T>) => fn({ query: (sql: any, params?: any) => { if (typeof sql === 'string') sent.push(sql); return planClient.query(sql, params); } }) };
  const compiled = compilePack(pack);
  const sections = compiled.sections.map((x) => ({ ...x, items: x.items.filter((i) => FAMILY.includes(String(i.id))) })).filter((x) => x.items.length);
  await auditWithNode(target as any, pack, { compiled: { ...compiled, sections }, locale: 'en' });
  await planClient.query(`CREATE FUNCTION pg_temp.spi_plan(q text) RETURNS jsonb LANGUAGE plpgsql AS $f$
    DECLARE p jsonb; BEGIN SET LOCAL transaction_read_only = on;
    EXECUTE 'EXPLAIN (FORMAT JSON, COSTS OFF) SELECT coalesce(jsonb_agg(to_jsonb(sec_check_q)), ''[]'') FROM (' || q || E'\n) AS sec_check_q' INTO p;
    RETURN p; END $f$`);
  const shape = (node: any): string => `${node['Node Type']}${node['Join Type'] ? `/${node['Join Type']}` : ''}(${(node.Plans ?? []).map(shape).join(',')})`;
  let same = 0;
  const differ: string[] = [];
  // the executors and facts as wrapped by the runner (one SELECT each)
  const UNLOCK = ';\nSELECT pg_catalog.pg_advisory_unlock_all()'; // the Node adapter's suffix (src/runtime/node.ts)
  for (const sent1 of sent.filter((q) => q.startsWith('SELECT count(*) AS sec_check_count') && /hba_|ident_map|su_equiv/.test(q))) {
    const sql = sent1.endsWith(UNLOCK) ? sent1.slice(0, -UNLOCK.length) : sent1;
    const res: any = await planClient.query(`EXPLAIN (FORMAT JSON, COSTS OFF) ${sql}`);
    const last = Array.isArray(res) ? res[res.length - 1] : res;
    const plan = last.rows[0]?.['QUERY PLAN'];
    if (plan === undefined) { console.log('  (no plan for a query: ' + JSON.stringify(last.rows).slice(0, 200) + ' ' + last.command + ')'); continue; }
    const top = (typeof plan === 'string' ? JSON.parse(plan) : plan)[0].Plan;
    const spiRaw = (await planClient.query('SELECT pg_temp.spi_plan($1)::text AS p', [sql])).rows[0].p;
    const spi = JSON.parse(spiRaw)[0].Plan;
    // below the wrapper's aggregate over the executor's rows
    const inner = spi.Plans?.[0]?.['Node Type'] === 'Subquery Scan' ? spi.Plans[0].Plans[0] : spi.Plans?.[0];
    if (shape(inner) === shape(top)) same++;
    else differ.push(sql.slice(sql.indexOf('--'), sql.indexOf('--') + 80).replace(/\s+/g, ' '));
  }
  await planClient.end();
  console.log(`  plans: ${same} of ${same + differ.length} family queries plan alike at top level and under SPI${differ.length ? `; differ: ${differ.join(' | ')}` : ''}`);

  const ts: number[] = [];
  let count = 0;
  for (let r = 0; r < REPS; r++) {
    const t = performance.now();
    count = (await cluster.query<{ n: number }>('SELECT count(*)::int AS n FROM sec_check.hba_first_match()'))[0].n;
    ts.push(performance.now() - t);
  }
  console.log(`  sec_check.hba_first_match(): ${median(ts).toFixed(0)} ms (${count} rows)`);
} finally {
  await cluster.stop();
}
