// `npm run bench` (pii): precision/recall per category of PII discovery on the labelled
// dataset (in the database and from Node), then the cost of a scan on a large table:
// BENCH_PII_ROWS rows (default 1,000,000) read with TABLESAMPLE SYSTEM vs a full scan of
// the same columns. Target: the sampled scan stays under a second and far below the full scan.
import { resolve } from 'node:path';
import pg from 'pg';
import { ensureInstall, installExtensionFromRepo, startCluster } from '../../src/harness/index.ts';
import { runAsync } from '../../src/core/host.ts';
import { parsePiiOptions, piiScan } from '../../src/core/pii/scan.ts';
import type { PiiBundle } from '../../src/core/pii/rules.ts';
import bundle from '../../src/core/pii/rules.generated.json';
import { datasetSql, evaluate, formatScores, SCHEMA } from '../fixtures/pii-dataset.ts';

const repo = resolve(import.meta.dirname, '../..');
const ROWS = Number(process.env.BENCH_PII_ROWS ?? 1_000_000);
const REPS = Number(process.env.BENCH_REPS ?? 3);

const install = await ensureInstall(18);
await installExtensionFromRepo(install, repo);
const cluster = await startCluster(install);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  await cluster.query('CREATE EXTENSION pljs');
  await cluster.query('CREATE EXTENSION sec_check');
  await cluster.query(datasetSql());

  let t = performance.now();
  const inDb = await cluster.query(`SELECT * FROM sec_check.pii_scan('{"schemas": ["${SCHEMA}"]}')`);
  const dbMs = performance.now() - t;
  console.log(formatScores('pii in-database', evaluate(inDb).scores));
  const client = new pg.Client(cluster.clientConfig());
  await client.connect();
  t = performance.now();
  const doc = await runAsync(piiScan(bundle as PiiBundle, parsePiiOptions({ schemas: [SCHEMA] })), {
    runtime: 'node', query: async (sql) => (await client.query(sql)).rows, shell: async () => ({ ok: false, unavailable: true }),
  });
  const nodeMs = performance.now() - t;
  console.log(formatScores('pii node', evaluate(doc.findings).scores));
  console.log(`pii dataset scan: ${doc.tables_scanned} tables, ${doc.columns_scanned} columns, ${doc.findings.length} findings; in-database ${dbMs.toFixed(0)} ms (first call, includes loading the engine), node ${nodeMs.toFixed(0)} ms`);

  t = performance.now();
  await cluster.query(`CREATE SCHEMA big;
    CREATE TABLE big.events (id bigint PRIMARY KEY, email text, card text, note text, payload jsonb);
    INSERT INTO big.events
    SELECT g, 'user' || g || '@example.com',
           CASE WHEN g % 3 = 0 THEN '4242 4242 4242 4242' ELSE lpad(g::text, 16, '9') END,
           repeat('lorem ipsum ', 8) || g,
           jsonb_build_object('ip', '10.' || (g % 250) || '.' || (g % 200) || '.7', 'n', g)
      FROM generate_series(1, ${ROWS}) g;
    ANALYZE big.events`);
  const [{ size }] = await cluster.query(`SELECT pg_size_pretty(pg_total_relation_size('big.events')) AS size`);
  console.log(`pii big table: ${ROWS} rows (${size}) loaded in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const sampled: number[] = [];
  let last: Record<string, unknown>[] = [];
  for (let i = 0; i < REPS; i++) {
    t = performance.now();
    last = await cluster.query(`SELECT * FROM sec_check.pii_scan('{"schemas": ["big"]}')`);
    sampled.push(performance.now() - t);
  }
  const full: number[] = [];
  for (let i = 0; i < REPS; i++) {
    t = performance.now();
    await cluster.query(`SELECT count(*) FILTER (WHERE email ~ '@') , count(*) FILTER (WHERE card ~ '\\d{4}'), count(*) FILTER (WHERE payload::text ~ '\\.') FROM big.events`);
    full.push(performance.now() - t);
  }
  console.log(`pii big table scan (TABLESAMPLE, ${last[0]?.sampling ?? '?'}, ${last[0]?.sampled ?? '?'} values a column): median ${median(sampled).toFixed(0)} ms over ${REPS}; findings: ${last.map((f) => `${f.column_name}=${f.category}`).join(', ')}`);
  console.log(`pii big table full scan of the same columns (baseline, regex only): median ${median(full).toFixed(0)} ms over ${REPS}`);
  await client.end();
} finally {
  await cluster.stop();
}
