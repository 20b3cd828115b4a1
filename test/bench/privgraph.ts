// `npm run bench` (part): the privilege graph and the checks that read it on a large catalog,
// in both paths. BENCH_PRIVGRAPH_ROLES (default 10,000) roles — a tenth of them groups in five
// levels, the rest login roles in four or five groups each, memberships with random
// ADMIN/INHERIT/SET options on 16+ — a superuser group, pg_execute_server_program and
// pg_read_server_files granted to groups, a CREATEROLE role; BENCH_PRIVGRAPH_SCHEMAS (default
// 2,000) schemas, each with CREATE for one group, and BENCH_PRIVGRAPH_FUNCTIONS (default 20,000)
// functions, one in ten SECURITY DEFINER (some owned by the superuser, some without a pinned
// search_path, some running caller SQL), plus one table per schema. Random choices from a fixed
// seed. Times, medians of BENCH_REPS rounds (default 3): each fact (definer_functions,
// priv_graph, su_equiv) and each check, from the CLI's path (Node) and from sec_check.run() in
// the database (pljs), with a pack of only these checks. Numbers, not assertions.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { ensureInstall, installExtensionFromRepo, startCluster } from '../../src/harness/index.ts';
import { loadPackFromConfig } from '../../src/session/node-pack.ts';
import { auditWithNode } from '../../src/runtime/node.ts';
import { compilePack } from '../../src/core/pack.ts';
import { graphSql, objectSql, ROLES, SCHEMAS, FUNCTIONS } from './privgraph-sql.ts';

const repo = resolve(import.meta.dirname, '../..');
const REPS = Number(process.env.BENCH_REPS ?? 3);
const CHECKS = ['superuser_roles', 'excessive_admin_privileges', 'predefined_roles', 'escalation_paths', 'security_definer_search_path', 'replication_users', 'remote_superuser', 'unix_socket_login'];
const MAJORS = (process.env.BENCH_PRIVGRAPH_MAJORS ?? '18').split(',').map(Number) as (18 | 14)[];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

console.log(`\nprivilege graph bench — ${ROLES} roles, ${SCHEMAS} schemas, ${FUNCTIONS} functions; median of ${REPS}`);
const install = await ensureInstall(18);
await installExtensionFromRepo(install, repo);
for (const major of MAJORS) {
  const inst = major === 18 ? install : await ensureInstall(major);
  const cluster = await startCluster(inst);
  try {
    const t0 = performance.now();
    await cluster.query(graphSql(major));
    for (const sql of objectSql()) await cluster.query(sql);
    const counts = (await cluster.query(`SELECT (SELECT count(*) FROM pg_roles)::int AS roles, (SELECT count(*) FROM pg_auth_members)::int AS memberships,
      (SELECT count(*) FROM pg_proc WHERE prosecdef)::int AS definers, (SELECT count(*) FROM pg_class)::int AS relations`))[0];
    console.log(`  PostgreSQL ${inst.version}: ${counts.roles} roles, ${counts.memberships} memberships, ${counts.definers} SECURITY DEFINER functions, ${counts.relations} relations (built in ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    // a pack of only these checks (and the facts they read)
    const dir = mkdtempSync(join(tmpdir(), 'privgraph-bench-'));
    cpSync(resolve(repo, 'dist/catalog'), dir, { recursive: true });
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    for (const [key, s] of Object.entries(config.section) as [string, { items: { id: string }[] }][]) {
      s.items = s.items.filter((i) => CHECKS.includes(i.id));
      if (!s.items.length) delete config.section[key];
    }
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    const pack = loadPackFromConfig(join(dir, 'config.json'));
    const compiled = compilePack(pack);
    const client = new pg.Client({ host: cluster.socketDir, port: cluster.port, user: 'postgres', database: 'postgres' });
    await client.connect();
    const node = new Map<string, number[]>();
    const add = (m: Map<string, number[]>, k: string, v: number) => m.set(k, [...(m.get(k) ?? []), v]);
    let paths = 0;
    for (let r = 0; r < REPS; r++) {
      const t = performance.now();
      const report = await auditWithNode(client, pack, { compiled });
      add(node, 'whole run', performance.now() - t);
      for (const f of report.run.facts ?? []) add(node, `fact ${f.id}`, f.duration_ms);
      for (const x of report.results) add(node, x.check_id ?? '?', x.duration_ms);
      paths = Number((report.results.find((x) => x.check_id === 'escalation_paths')?.executors[0]?.rows?.[0] as { total?: number } | undefined)?.total ?? 0);
    }
    for (const key of [...node.keys()]) console.log(`    ${key.padEnd(32)} CLI ${median(node.get(key)!).toFixed(0).padStart(6)} ms`);
    console.log(`    escalation paths found: ${paths}`);
    const db = new Map<string, number[]>();
    client.on('error', () => {});
    if (major === 18 && !process.env.BENCH_PRIVGRAPH_NO_DB) {
      await client.query('CREATE EXTENSION pljs; CREATE EXTENSION sec_check');
      const up = spawnSync(process.execPath, [resolve(repo, 'dist/cli.cjs'), 'pack', '--config', join(dir, 'config.json'), '--upload', 'privbench',
        '--host', cluster.socketDir, '--port', String(cluster.port), '--user', 'postgres', '--database', 'postgres'], { encoding: 'utf8' });
      if (up.status !== 0) throw new Error(`pack upload failed: ${up.stderr}`);
      for (let r = 0; r < REPS; r++) {
        const t = performance.now();
        const rows = (await client.query(`SELECT * FROM sec_check.run(NULL, 'en', 'privbench')`)).rows as { run_id: number; check_id: string; duration_ms: number }[];
        add(db, 'whole run', performance.now() - t);
        for (const x of rows) add(db, x.check_id, Number(x.duration_ms));
        const facts = (await client.query(`SELECT report -> 'run' -> 'facts' AS f FROM sec_check.runs WHERE id = $1`, [rows[0].run_id])).rows[0].f as { id: string; duration_ms: number }[] | null;
        for (const f of facts ?? []) add(db, `fact ${f.id}`, f.duration_ms);
      }
    }
    await client.end();
    for (const key of [...db.keys()]) console.log(`    ${key.padEnd(32)} database (pljs) ${median(db.get(key)!).toFixed(0).padStart(6)} ms`);
  } finally {
    await cluster.stop();
  }
}
