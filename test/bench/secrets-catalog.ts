// `npm run bench` (part): the cost of access/secrets_in_catalog on a growing catalog.
// For each size N in BENCH_SECRETS_N (default "2500,10000"): N plpgsql functions with ~1 KB
// bodies, N/5 views, N relations with a comment each, one in 50 holding a planted secret, and,
// once, 10,000 roles (1,000 with a comment, some holding a credential of the generated corpus).
// Times the check alone in the CLI's path (its compiled query from Node) and in the database
// (sec_check.run() in pljs, through a pack holding only this check), medians of BENCH_REPS
// rounds (default 3), and prints how the time grows with N (to read off ~1M relations).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { ensureInstall, installExtensionFromRepo, startCluster } from '../../src/harness/index.ts';
import { loadPackFromConfig } from '../../src/session/node-pack.ts';
import { secretCorpus } from '../unit/secret-corpus.ts';

const repo = resolve(import.meta.dirname, '../..');
const REPS = Number(process.env.BENCH_REPS ?? 3);
const SIZES = String(process.env.BENCH_SECRETS_N ?? '2500,10000').split(',').map(Number);
const ROLES = Number(process.env.BENCH_SECRETS_ROLES ?? 10000);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const install = await ensureInstall(18);
await installExtensionFromRepo(install, repo);
const cluster = await startCluster(install);
try {
  await cluster.query('CREATE EXTENSION pljs; CREATE EXTENSION sec_check');
  const corpus = secretCorpus().filter((c) => c.expect !== null);
  await cluster.query(`DO $$ DECLARE i int; BEGIN
    FOR i IN 1..${ROLES} LOOP EXECUTE format('CREATE ROLE bench_role%s NOLOGIN', i); END LOOP;
    FOR i IN 1..${Math.floor(ROLES / 10)} LOOP EXECUTE format('COMMENT ON ROLE bench_role%s IS %L', i, 'team member ' || i || ', see the wiki for access'); END LOOP;
  END $$`);
  for (const [i, c] of corpus.slice(0, 40).entries()) await cluster.query(`COMMENT ON ROLE bench_role${i + 1} IS ${pg.escapeLiteral(c.text)}`);

  const config = loadPackFromConfig(resolve(repo, 'dist/catalog/config.json'));
  const sql = config.files['access/secrets_in_catalog/query.sql'];
  const builtin = JSON.parse(readFileSync(resolve(repo, 'dist/catalog/pack.json'), 'utf8')) as { config: { section: Record<string, { items: { id?: string }[] }> }; files: Record<string, string>; chunks?: Record<string, string> };
  const cut = structuredClone(builtin.config) as typeof builtin.config & { facts?: unknown };
  delete cut.facts; // the check reads no fact
  for (const [k, s] of Object.entries(cut.section)) {
    s.items = s.items.filter((i) => i.id === 'secrets_in_catalog');
    if (s.items.length === 0) delete cut.section[k];
  }
  const own = (f: string) => f.startsWith('access/secrets_in_catalog/');
  const trimmed = { ...builtin, config: cut, files: Object.fromEntries(Object.entries(builtin.files).filter(([f]) => own(f))),
    chunks: Object.fromEntries(Object.entries(builtin.chunks ?? {}).filter(([f]) => own(f))) };
  await cluster.query(`SELECT sec_check.upload_pack('bench_secrets', $1::jsonb)`, [JSON.stringify(trimmed)]);
  // BENCH_SECRETS_COMPARE=FILE: a secret-patterns block to time against (e.g. an older one),
  // put in place of the generated block with the prefilter it came with (its CTE secret_prefilter
  // or, absent, every text)
  const compareFile = process.env.BENCH_SECRETS_COMPARE;
  let compareSql: string | null = null;
  if (compareFile) {
    const block = readFileSync(compareFile, 'utf8');
    const a = sql.indexOf('-- block: secret-patterns');
    const b = sql.indexOf('-- end block: secret-patterns') + '-- end block: secret-patterns'.length;
    compareSql = sql.slice(0, a) + block.slice(block.indexOf('-- block:')) + sql.slice(b);
    if (!block.includes('secret_prefilter')) compareSql = compareSql.replace(/WHERE lower\(body\) ~ \(SELECT anchors FROM secret_prefilter\)/, "WHERE body ~* '(pass|pwd|secret|token|key|akia|eyj|://)'");
  }

  const filler = 'x := x || $q$ some ordinary text of a function body, nothing hidden here $q$; '.repeat(12);
  const client = new pg.Client({ host: cluster.socketDir, port: cluster.port, user: 'postgres', database: 'postgres' });
  await client.connect();
  let built = 0;
  const curve: { n: number; node: number; db: number; found: number }[] = [];
  for (const n of SIZES) {
    await client.query(`DO $do$ BEGIN
      FOR i IN ${built + 1}..${n} LOOP
        EXECUTE format('CREATE FUNCTION public.bench_f%s() RETURNS text LANGUAGE plpgsql AS $b$ DECLARE x text := %L; BEGIN %s RETURN x; END $b$',
          i, CASE WHEN i % 50 = 0 THEN 'host=db password=BenchSecret' || i ELSE 'plain' END, ${pg.escapeLiteral(filler)});
        IF i % 5 = 0 THEN EXECUTE format('CREATE VIEW public.bench_v%s AS SELECT %s AS n', i, i); END IF;
        EXECUTE format('CREATE TABLE public.bench_t%s (id int)', i);
        EXECUTE format('COMMENT ON TABLE public.bench_t%s IS %L', i, CASE WHEN i % 50 = 25 THEN 'api_key = "BenchKey' || i || 'xyz"' ELSE 'what table ' || i || ' holds' END);
      END LOOP;
    END $do$`);
    built = n;
    const node: number[] = [];
    const db: number[] = [];
    const compare: number[] = [];
    let found = 0;
    for (let r = 0; r < REPS; r++) {
      let t = performance.now();
      const res = await client.query(sql);
      node.push(performance.now() - t);
      found = res.rows.filter((x) => x.kind !== 'unreadable').length;
      t = performance.now();
      await client.query(`SELECT * FROM sec_check.run(NULL, 'en', 'bench_secrets')`);
      db.push(performance.now() - t);
      if (compareSql) { t = performance.now(); await client.query(compareSql); compare.push(performance.now() - t); }
    }
    const relations = Number((await client.query(`SELECT count(*) AS n FROM pg_class`)).rows[0].n);
    curve.push({ n, node: median(node), db: median(db), found });
    if (compareSql) console.log(`secrets_in_catalog: the block of ${compareFile} on the same catalog: query ${median(compare).toFixed(0)} ms`);
    console.log(`secrets_in_catalog: ${n} functions (~1 KB each), ${n / 5} views, ${n} commented tables (${relations} relations), ${ROLES} roles: query ${median(node).toFixed(0)} ms (CLI path), ${median(db).toFixed(0)} ms in the database (pljs, the check alone), ${found} findings (median of ${REPS}; findings are capped at 200 rows)`);
  }
  await client.end();
  if (curve.length > 1) {
    const a = curve[0];
    const b = curve[curve.length - 1];
    const perObject = (b.node - a.node) / (b.n - a.n);
    console.log(`secrets_in_catalog: growth ${perObject.toFixed(3)} ms per function+table+comment in the query; at this rate 1M relations (~330k of each) would take about ${(b.node + perObject * (330000 - b.n)).toFixed(0)} ms`);
  }
} catch (e) {
  console.error(cluster.logTail(30));
  throw e;
} finally {
  await cluster.stop();
}
