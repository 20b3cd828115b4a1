// `npm run bench` (part): does an executor get the same plan inside sec_check.run() as from a
// client? auto_explain logs the plan of every query run() executes (nested statements, JSON);
// each logged query text is then EXPLAINed from a client session and the two plan shapes
// (node types, join types, relations, index names) are compared. Runs on the cached 250k-relation catalog of
// test/bench/scale.ts when it exists, else on a fresh server. Numbers, not assertions.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureInstall, installExtensionFromRepo, startCluster, type Cluster } from '../../src/harness/index.ts';
import { adoptDataDir, BUILD_SETTINGS, cachedDataDir, isCached, STAGES } from './scale-catalog.ts';

const repo = resolve(import.meta.dirname, '../..');
type Plan = { 'Node Type': string; 'Join Type'?: string; 'Relation Name'?: string; 'Index Name'?: string; 'Parent Relationship'?: string; Plans?: Plan[] };

/** The plan's shape, one line per node (costs and estimates left out). */
function shape(p: Plan, depth = 0, out: string[] = []): string[] {
  out.push(`${'  '.repeat(depth)}${p['Node Type']}${p['Join Type'] ? ` ${p['Join Type']}` : ''}${p['Relation Name'] ? ` on ${p['Relation Name']}` : ''}${p['Index Name'] ? ` using ${p['Index Name']}` : ''}`);
  for (const c of p.Plans ?? []) shape(c, depth + 1, out);
  return out;
}

const install = await ensureInstall(18);
await installExtensionFromRepo(install, repo);
const stage = STAGES.find((s) => s.name.startsWith('250k'))!;
const cluster: Cluster = await startCluster(install, { settings: BUILD_SETTINGS });
let giveBack: (() => Promise<void>) | null = null;
try {
  if (isCached(stage)) {
    await cluster.pause();
    giveBack = await adoptDataDir(cluster, cachedDataDir(stage));
    await cluster.resume();
  }
  await cluster.query('CREATE EXTENSION IF NOT EXISTS pljs');
  await cluster.query('DROP EXTENSION IF EXISTS sec_check CASCADE');
  await cluster.query('CREATE EXTENSION sec_check');
  const [size] = await cluster.query(`SELECT (SELECT count(*) FROM pg_class)::int AS relations, (SELECT count(*) FROM pg_roles)::int AS roles`);
  console.log(`\nplans inside run() and from a client — ${size.relations.toLocaleString('en')} relations, ${size.roles.toLocaleString('en')} roles`);
  const logStart = readFileSync(join(cluster.dataDir, '..', 'server.log'), 'utf8').length;
  const c = await cluster.connect();
  c.on('notice', () => undefined);
  await c.query(`LOAD 'auto_explain'; SET auto_explain.log_min_duration = 0; SET auto_explain.log_nested_statements = on;
    SET auto_explain.log_format = json; SET auto_explain.log_level = log`);
  await c.query('SELECT count(*) FROM sec_check.run()');
  await c.query('RESET ALL');
  const log = readFileSync(join(cluster.dataDir, '..', 'server.log'), 'utf8').slice(logStart);
  // each entry: "duration: ... ms  plan:" and the JSON on the following tab-indented lines
  const plans: { text: string; plan: Plan }[] = [];
  for (const m of log.matchAll(/plan:\n((?:\t.*\n)+)/g)) {
    try {
      const doc = JSON.parse(m[1].replace(/^\t/gm, ''));
      if (typeof doc['Query Text'] === 'string' && doc['Query Text'].startsWith('SELECT count(*) AS sec_check_count')) plans.push({ text: doc['Query Text'], plan: doc.Plan });
    } catch { /* a plan the log cut: skipped */ }
  }
  let same = 0;
  const differ: string[] = [];
  const client = await cluster.connect();
  for (const { text, plan } of plans) {
    const [{ 'QUERY PLAN': fromClient }] = (await client.query(`EXPLAIN (FORMAT JSON) ${text}`)).rows;
    const inRun = shape(plan).join('\n');
    const outside = shape(fromClient[0].Plan).join('\n');
    if (inRun === outside) same++;
    else differ.push(`--- inside run():\n${inRun}\n--- from a client:\n${outside}`);
  }
  await client.end();
  await c.end();
  console.log(`  ${plans.length} executor plans logged inside run(); ${same} identical in shape from a client session`);
  for (const d of differ.slice(0, 5)) console.log(d);
} finally {
  await cluster.pause().catch(() => undefined);
  if (giveBack) await giveBack();
  await cluster.stop();
}
