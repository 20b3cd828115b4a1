// `npm run bench` (part): the cost of the settings family on a server with 10,000 roles, 2,000
// of them with per-role values of judged settings (ALTER ROLE ... SET log_statement,
// log_min_messages, search_path, pgaudit.log ...) and 50 per-database values: the settings
// fact alone (its query, then the deriver in Node), every check that reads it through the CLI's
// engine path (Node), and the same checks in the database (sec_check.run() in pljs, through a
// pack holding only them, so the numbers are the family's own). PostgreSQL 18, medians of
// BENCH_REPS rounds (default 3). Numbers, not assertions.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { ensureInstall, installExtensionFromRepo, startCluster } from '../../src/harness/index.ts';
import { loadPackFromConfig } from '../../src/session/node-pack.ts';
import { auditWithNode } from '../../src/runtime/node.ts';
import { compilePack } from '../../src/core/pack.ts';
import { deriveSettings, type RawRow } from '../../src/core/settings/derive.ts';

const repo = resolve(import.meta.dirname, '../..');
const REPS = Number(process.env.BENCH_REPS ?? 3);
const ROLES = Number(process.env.BENCH_SETTINGS_ROLES ?? 10000);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const install = await ensureInstall(18);
await installExtensionFromRepo(install, repo);
const cluster = await startCluster(install, { sharedPreload: ['pgaudit'] });
try {
  await cluster.query('CREATE EXTENSION pljs; CREATE EXTENSION sec_check; CREATE EXTENSION pgaudit');
  await cluster.query(`DO $$
    DECLARE i int;
    BEGIN
      FOR i IN 1..${ROLES} LOOP EXECUTE format('CREATE ROLE bench_r%s LOGIN', i); END LOOP;
      FOR i IN 1..${Math.floor(ROLES / 5)} LOOP
        EXECUTE format('ALTER ROLE bench_r%s SET %s', i, (ARRAY['log_statement = ''ddl''', 'log_min_messages = ''notice''',
          'search_path = app, "$user"', 'pgaudit.log = ''ddl, role''', 'log_min_error_statement = error'])[1 + i % 5]);
      END LOOP;
    END $$`);
  for (let i = 1; i <= 50; i++) {
    await cluster.query(`CREATE DATABASE bench_db${i}`);
    await cluster.query(`ALTER DATABASE bench_db${i} SET log_statement = '${i % 2 ? 'all' : 'mod'}'`);
  }
  const config = loadPackFromConfig(resolve(repo, 'dist/catalog/config.json'));
  const packConfig = config.config as { facts?: { id: string }[]; section: Record<string, { items: { id?: string; facts?: string[] }[] }> };
  // the checks that read the settings fact
  const ids = Object.values(packConfig.section).flatMap((s) => s.items).filter((i) => i.facts?.includes('settings')).map((i) => i.id as string);
  const cut = structuredClone(packConfig);
  for (const [k, s] of Object.entries(cut.section)) {
    s.items = s.items.filter((i) => ids.includes(i.id ?? ''));
    if (s.items.length === 0) delete cut.section[k];
  }
  cut.facts = (cut.facts ?? []).filter((f) => f.id === 'settings');
  const compiled = compilePack({ ...config, config: cut as never });
  const factSql = readFileSync(resolve(repo, 'dist/catalog/_facts/settings/query.sql'), 'utf8');

  // the pack of those checks, uploaded as the builtin one is (compiled validators included)
  const builtin = JSON.parse(readFileSync(resolve(repo, 'dist/catalog/pack.json'), 'utf8')) as { config: unknown; files: Record<string, string>; chunks?: Record<string, string> };
  // only the files of these checks and of the fact: a run loads its whole pack
  const own = (f: string) => f.startsWith('_facts/settings/') || ids.some((id) => f.includes(`/${id}/`));
  const uploaded = { ...builtin, config: cut, files: Object.fromEntries(Object.entries(builtin.files).filter(([f]) => own(f))),
    chunks: Object.fromEntries(Object.entries(builtin.chunks ?? {}).filter(([f]) => own(f))) };
  await cluster.query(`SELECT sec_check.upload_pack('bench_settings', $1::jsonb)`, [JSON.stringify(uploaded)]);

  // the engine's floor: as many checks, each a trivial SELECT and a one-line validator
  const floorItems = ids.map((id) => ({ name: `floor ${id}`, description: 'floor', id: `floor_${id}`,
    executors: [{ script: 'floor/q.sql', min_ver: 'none', max_ver: 'none' }], validators: [{ script: 'floor/v.lua', min_ver: 'none', max_ver: 'none' }] }));
  const floorPack = { configName: 'config.json', config: { header: 'floor', report_name: 'floor', description: 'floor', section: { floor: { header: 'floor', description: 'floor', items: floorItems } } },
    files: { 'floor/q.sql': 'SELECT 1 AS v', 'floor/v.lua': 'function validate_result() return { status = "Success", short_description = "ok", full_description = "", recommendation = "" } end' }, locales: {} };
  await cluster.query(`SELECT sec_check.upload_pack('bench_floor', $1::jsonb)`, [JSON.stringify(floorPack)]);

  const client = new pg.Client({ host: cluster.socketDir, port: cluster.port, user: 'postgres', database: 'postgres' });
  await client.connect();
  const times = { query: [] as number[], derive: [] as number[], node: [] as number[], db: [] as number[], floor: [] as number[] };
  let rows = 0;
  let derived = 0;
  let results = 0;
  for (let r = 0; r < REPS; r++) {
    let t = performance.now();
    const raw = (await client.query(factSql)).rows as RawRow[];
    times.query.push(performance.now() - t);
    rows = raw.length;
    t = performance.now();
    derived = deriveSettings(raw, 18).length;
    times.derive.push(performance.now() - t);
    t = performance.now();
    const report = await auditWithNode(client, config, { compiled, locale: 'en' });
    times.node.push(performance.now() - t);
    results = report.results.length;
    t = performance.now();
    await client.query(`SELECT * FROM sec_check.run(NULL, 'en', 'bench_floor')`);
    times.floor.push(performance.now() - t);
    t = performance.now();
    await client.query(`SELECT * FROM sec_check.run(NULL, 'en', 'bench_settings')`);
    times.db.push(performance.now() - t);
  }
  // where the database's time goes: the fact (query + deriver in pljs) and the slowest checks
  const last = (await client.query(`SELECT report->'run'->'facts' AS facts, (SELECT json_agg(json_build_object('id', check_id, 'ms', duration_ms) ORDER BY duration_ms DESC) FROM sec_check.results r WHERE r.run_id = runs.id) AS checks FROM sec_check.runs ORDER BY id DESC LIMIT 1`)).rows[0];
  await client.end();
  const fact = (last.facts as { id: string; duration_ms: number }[]).find((f) => f.id === 'settings');
  const slow = (last.checks as { id: string; ms: number }[]).slice(0, 5).map((c) => `${c.id} ${Number(c.ms).toFixed(0)} ms`).join(', ');
  const sum = (last.checks as { ms: number }[]).reduce((a, c) => a + Number(c.ms), 0);
  console.log(`settings fact: ${ROLES} roles, ${Math.floor(ROLES / 5)} with per-role values, 50 per-database values: query ${median(times.query).toFixed(0)} ms (${rows} raw rows), deriver (Node) ${median(times.derive).toFixed(1)} ms (${derived} rows)`);
  console.log(`settings checks (${results} checks reading the fact): CLI path (Node) ${median(times.node).toFixed(0)} ms in all, ${(median(times.node) / results).toFixed(0)} ms a check`);
  console.log(`settings checks in the database (pljs, sec_check.run of a pack of only them): ${median(times.db).toFixed(0)} ms in all, ${(median(times.db) / results).toFixed(0)} ms a check (median of ${REPS})`);
  console.log(`  the engine's floor for as many trivial checks in the database: ${median(times.floor).toFixed(0)} ms (${(median(times.floor) / results).toFixed(0)} ms a check)`);
  console.log(`  last in-database run: the settings fact ${fact?.duration_ms} ms (query and deriver), the checks ${sum.toFixed(0)} ms together; slowest: ${slow}`);
} finally {
  await cluster.stop();
}
