// `npm run bench` (part): the cost of access/secrets_in_catalog on a large catalog.
// BENCH_SECRETS_N (default 5,000) plpgsql functions with ~1 KB bodies, N/5 views and N
// function comments, one in 50 holding a planted secret; the check alone, in the CLI's path
// (Node) and in the database (pljs), medians of BENCH_REPS rounds (default 3).
import { resolve } from 'node:path';
import pg from 'pg';
import { ensureInstall, installExtensionFromRepo, startCluster } from '../../src/harness/index.ts';
import { loadPackFromConfig } from '../../src/session/node-pack.ts';

const repo = resolve(import.meta.dirname, '../..');
const REPS = Number(process.env.BENCH_REPS ?? 3);
const N = Number(process.env.BENCH_SECRETS_N ?? 5000);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const install = await ensureInstall(18);
await installExtensionFromRepo(install, repo);
const cluster = await startCluster(install);
try {
  await cluster.query('CREATE EXTENSION pljs; CREATE EXTENSION sec_check');
  const filler = 'x := x || $q$ some ordinary text of a function body, nothing hidden here $q$; '.repeat(12);
  await cluster.query(`DO $do$ BEGIN
    FOR i IN 1..${N} LOOP
      EXECUTE format('CREATE FUNCTION public.bench_f%s() RETURNS text LANGUAGE plpgsql AS $b$ DECLARE x text := %L; BEGIN %s RETURN x; END $b$',
        i, CASE WHEN i % 50 = 0 THEN 'host=db password=BenchSecret' || i ELSE 'plain' END, ${pg.escapeLiteral(filler)});
      IF i % 5 = 0 THEN EXECUTE format('CREATE VIEW public.bench_v%s AS SELECT %s AS n', i, i); END IF;
    END LOOP;
    FOR i IN 1..${N} LOOP
      EXECUTE format('COMMENT ON FUNCTION public.bench_f%s() IS %L', i, 'what function ' || i || ' does');
    END LOOP;
  END $do$`);
  const config = loadPackFromConfig(resolve(repo, 'dist/catalog/config.json'));
  const sql = config.files['access/secrets_in_catalog/query.sql'];
  const client = new pg.Client({ host: cluster.socketDir, port: cluster.port, user: 'postgres', database: 'postgres' });
  await client.connect();
  const node: number[] = [];
  const db: number[] = [];
  let found = 0;
  for (let r = 0; r < REPS; r++) {
    let t = performance.now();
    const res = await client.query(sql);
    node.push(performance.now() - t);
    found = res.rows.filter((x) => x.kind !== 'unreadable').length;
    t = performance.now();
    await client.query(`SELECT * FROM sec_check.run('access')`);
    db.push(performance.now() - t);
  }
  await client.end();
  console.log(`secrets_in_catalog: ${N} functions (~1 KB each), ${N / 5} views: query ${median(node).toFixed(0)} ms (median of ${REPS}), ${found} findings`);
  console.log(`secrets_in_catalog: whole 'access' group in the database (pljs), same catalog: ${median(db).toFixed(0)} ms (median of ${REPS})`);
} finally {
  await cluster.stop();
}
