// `npm run bench` (part): the object-audit views at size. BENCH_OA_TABLES tables (default
// 200) of 5 columns, 2 classified per table, half of them audited through object_audit();
// BENCH_OA_EVENTS ingested OBJECT records (default 200,000) spread over 30 days. Prints the
// time of object_audit() calls, the coverage/gaps views, and the 7-day sensitive_access window
// and summary the HTML report reads (medians of 3). Numbers, not assertions.
import { resolve } from 'node:path';
import { ensureInstall, installExtensionFromRepo, startCluster } from '../../src/harness/index.ts';

const repo = resolve(import.meta.dirname, '../..');
const TABLES = Number(process.env.BENCH_OA_TABLES ?? 200);
const EVENTS = Number(process.env.BENCH_OA_EVENTS ?? 200_000);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const install = await ensureInstall(18);
await installExtensionFromRepo(install, repo);
const cluster = await startCluster(install, { sharedPreload: ['pgaudit'], settings: { 'pgaudit.role': 'auditor' } });
try {
  await cluster.query('CREATE EXTENSION pljs; CREATE EXTENSION sec_check; CREATE EXTENSION pgaudit; CREATE ROLE auditor NOLOGIN');
  const client = await cluster.connect();
  await client.query(`DO $$ BEGIN FOR i IN 1..${TABLES} LOOP
      EXECUTE format('CREATE TABLE bench_t%s (id int, a text, b text, c text, d text)', i);
      PERFORM sec_check.classify(format('bench_t%s', i)::regclass, 'a', 'pii');
      PERFORM sec_check.classify(format('bench_t%s', i)::regclass, 'b', 'secret');
    END LOOP; END $$`);
  let t = performance.now();
  await client.query(`SELECT sec_check.object_audit(format('bench_t%s', i)::regclass, '{SELECT}', '{a,b}') FROM generate_series(1, ${Math.floor(TABLES / 2)}) i`);
  const auditMs = performance.now() - t;
  await client.query(`INSERT INTO sec_check.audit_events (file_key, log_file, log_offset, logged_at, user_name, database_name, client,
      audit_type, statement_id, substatement_id, class, command, object_type, object_name, statement)
    SELECT 'bench', 'postgresql.log', g, now() - (g % 43200) * interval '1 minute', 'user' || (g % 20), 'postgres', '10.0.0.' || (g % 50),
           'OBJECT', g, 1, CASE WHEN g % 5 = 0 THEN 'WRITE' ELSE 'READ' END, CASE WHEN g % 5 = 0 THEN 'UPDATE' ELSE 'SELECT' END,
           'TABLE', 'public.bench_t' || (g % ${TABLES * 2} + 1), 'SELECT a FROM bench_t'
      FROM generate_series(1, ${EVENTS}) g`);
  await client.query('ANALYZE sec_check.audit_events');
  const time = async (sql: string): Promise<{ ms: number; rows: number }> => {
    const ms: number[] = [];
    let rows = 0;
    for (let i = 0; i < 3; i++) {
      const s = performance.now();
      rows = (await client.query(sql)).rowCount ?? 0;
      ms.push(performance.now() - s);
    }
    return { ms: median(ms), rows };
  };
  const cov = await time('SELECT * FROM sec_check.object_audit_coverage');
  const gaps = await time('SELECT * FROM sec_check.object_audit_gaps');
  const win = await time(`SELECT * FROM sec_check.sensitive_access WHERE logged_at >= now() - interval '7 days' ORDER BY logged_at DESC LIMIT 501`);
  const sum = await time(`SELECT user_name, object_name, count(*) FROM sec_check.sensitive_access WHERE logged_at >= now() - interval '7 days' GROUP BY 1, 2`);
  const all = await time('SELECT * FROM sec_check.sensitive_access_summary');
  console.log(`object_audit: ${Math.floor(TABLES / 2)} calls (2 columns each) in ${auditMs.toFixed(0)} ms (${(auditMs / Math.floor(TABLES / 2)).toFixed(2)} ms/call)`);
  console.log(`object_audit_coverage: ${cov.rows} rows in ${cov.ms.toFixed(1)} ms; object_audit_gaps: ${gaps.rows} rows in ${gaps.ms.toFixed(1)} ms (${TABLES} tables, ${TABLES * 2} classified columns)`);
  console.log(`sensitive_access, 7-day window, newest 501 of ${EVENTS} events: ${win.ms.toFixed(1)} ms; 7-day per-role summary (${sum.rows} rows): ${sum.ms.toFixed(1)} ms; sensitive_access_summary, all (${all.rows} rows): ${all.ms.toFixed(1)} ms`);
  await client.end();
} finally {
  await cluster.stop();
}
