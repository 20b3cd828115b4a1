// The extension's upgrade path on PostgreSQL 18 + pljs (and 15: pg15/upgrade.test.ts): 0.1.0, installed from the script
// kept in extension/ exactly as it was released, with stored runs (in-database and posted),
// an uploaded pack and a granted role, goes to the current version with
// ALTER EXTENSION sec_check UPDATE; everything it held still works, and the upgraded
// extension is the same, object for object, as a fresh install.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import type { Cluster } from '../../src/harness/index.ts';
import { cli, configOf, luaReturning, REPO, startPljs, tempPrefix, writePack } from './support.ts';
import { extensionSnapshot, psql } from './extension-catalog.ts';

const CURRENT = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version as string;
const V010 = join(REPO, 'extension/sec_check--0.1.0.sql');
type Row = Record<string, any>;

let server: Cluster;
let old: pg.Client;
let fresh: pg.Client;
before(async () => {
  server = await startPljs();
  await server.query('CREATE ROLE upgrade_auditor LOGIN');
  for (const db of ['upgraded', 'fresh', 'from020', 'from030']) await server.query(`CREATE DATABASE ${db}`);
  old = await server.connect('postgres', 'upgraded');
  fresh = await server.connect('postgres', 'fresh');
});
after(async () => { await server?.stop(); });

/** The pack the 0.1.0 CLI serialized for `pack --upload` (current CLI, --out only). */
async function packJson(): Promise<string> {
  const config = writePack({
    'config.json': configOf('kept', [{ name: 'kept check', id: 'kept_check', executors: [{ script: 'q.sql' }], validators: [{ script: 'v.lua' }] }]),
    'q.sql': 'SELECT 41 + 1 AS answer',
    'v.lua': luaReturning('Warning'),
  });
  const out = `${tempPrefix('pack')}.json`;
  const r = await cli(['pack', '--config', config, '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  return readFileSync(out, 'utf8');
}

test('0.1.0 as released: runs, a posted run, an uploaded pack and grants survive ALTER EXTENSION UPDATE', async () => {
  const landedBuild = /\(build ([0-9a-f]{16})\)/.exec(readFileSync(V010, 'utf8'))?.[1];
  assert.ok(landedBuild, 'the kept 0.1.0 script names its build');

  await old.query('CREATE EXTENSION pljs');
  await old.query(`CREATE EXTENSION sec_check VERSION '0.1.0'`);
  const [{ build_id }] = (await old.query('SELECT sec_check.build_id()')).rows;
  assert.equal(build_id, landedBuild, 'installed from the kept 0.1.0 script');

  // History written by 0.1.0: one in-database run, one posted as the host agent would.
  const bystander = await server.connect('postgres', 'upgraded');
  await bystander.query(`SELECT * FROM sec_check.run('connections')`);
  const dbRun = (await old.query(`SELECT DISTINCT run_id FROM sec_check.run('connections')`)).rows[0].run_id;
  const [{ report }] = (await old.query('SELECT sec_check.report_json($1) AS report', [dbRun])).rows;
  const posted = { ...report, run: { ...report.run, id: undefined, origin: 'agent', runtime: 'node' } };
  const agentRun = (await old.query('SELECT sec_check.record_run($1::jsonb) AS id', [JSON.stringify(posted)])).rows[0].id;
  // The upload exactly as the 0.1.0 CLI wrote it.
  await old.query(`INSERT INTO sec_check.packs (name, pack) VALUES ($1, $2::jsonb)
    ON CONFLICT (name) DO UPDATE SET pack = excluded.pack, loaded_at = now() WHERE NOT packs.builtin`, ['kept', await packJson()]);
  await old.query(`SELECT sec_check.grant_audit_access('upgrade_auditor')`);
  const before010 = await Promise.all([dbRun, agentRun].map(async (id) => (await old.query('SELECT sec_check.report_json($1) AS r', [id])).rows[0].r));
  const counts = async () => (await old.query(`SELECT (SELECT count(*) FROM sec_check.runs)::int AS runs, (SELECT count(*) FROM sec_check.results)::int AS results,
      (SELECT count(*) FROM sec_check.packs WHERE NOT builtin)::int AS packs`)).rows[0];
  const countsBefore = await counts();

  const t0 = performance.now();
  await old.query('ALTER EXTENSION sec_check UPDATE');
  console.log(`# ALTER EXTENSION sec_check UPDATE (0.1.0 -> ${CURRENT}): ${Math.round(performance.now() - t0)} ms`);

  assert.match(await psql(server, 'upgraded', ['-c', '\\dx sec_check']), new RegExp(`sec_check \\| ${CURRENT.replace(/\./g, '\\.')} `));
  assert.notEqual((await old.query('SELECT sec_check.build_id() AS b')).rows[0].b, landedBuild, 'the engine was replaced');
  assert.deepEqual(await counts(), countsBefore);
  // the agent's report posted under 0.1.0 is its newest: an older one would be refused as a replay
  const seeded = (await old.query(`SELECT posted_by, run_id FROM sec_check.agent_posts`)).rows;
  assert.deepEqual(seeded.map((r) => [r.posted_by, Number(r.run_id)]), [['postgres', Number(agentRun)]]);
  for (const [i, id] of [dbRun, agentRun].entries()) {
    // 0.4.0 adds each result's priority to the document; everything else reads back as before
    const doc = (await old.query('SELECT sec_check.report_json($1) AS r', [id])).rows[0].r;
    assert.ok(doc.results.every((r: Row) => Number.isInteger(r.priority)), 'each result carries its priority');
    const withoutPriority = { ...doc, results: doc.results.map(({ priority: _, ...r }: Row) => r) };
    assert.deepEqual(withoutPriority, before010[i], `run ${id} reads back as before`);
  }
  const builtin = (await old.query(`SELECT pack FROM sec_check.packs WHERE name = 'builtin'`)).rows[0].pack;
  assert.deepEqual(builtin, JSON.parse(readFileSync(join(REPO, 'dist/catalog/pack.json'), 'utf8')), 'the builtin pack is this version\'s');

  // Another session that ran the old engine is told to reconnect (pljs keeps its code)...
  await assert.rejects(bystander.query(`SELECT * FROM sec_check.run('connections')`), /reconnect to load the new code/);
  await bystander.end();
  // ...and in a new session the uploaded pack and new runs work on the new engine.
  const after = await server.connect('postgres', 'upgraded');
  const kept: Row[] = (await after.query(`SELECT * FROM sec_check.run(NULL, 'en', 'kept')`)).rows;
  assert.deepEqual(kept.map((r) => [r.check_name, r.status, r.short_description]), [['kept check', 'Warning', 'answer=42']]);
  assert.ok(kept[0].run_id > agentRun, 'a new run gets a new id');
  const full: Row[] = (await after.query('SELECT * FROM sec_check.run()')).rows;
  assert.ok(full.length >= 70, `the builtin catalog ran: ${full.length} rows`);
  // the role granted under 0.1.0 still may run audits
  await after.query('SET ROLE upgrade_auditor');
  const asAuditor: Row[] = (await after.query(`SELECT * FROM sec_check.run('connections')`)).rows;
  assert.ok(asAuditor.length > 0);
  await after.query('RESET ROLE');
  await after.end();
});

test('an upgraded 0.1.0 and a fresh install have the same objects, definitions, comments and ACLs', async () => {
  await fresh.query('CREATE EXTENSION pljs');
  await fresh.query('CREATE EXTENSION sec_check');
  await fresh.query(`SELECT sec_check.grant_audit_access('upgrade_auditor')`);
  const a = await extensionSnapshot(old);
  const b = await extensionSnapshot(fresh);
  assert.equal(b.extension.extversion, CURRENT);
  assert.deepEqual(b.extension.requires, ['pljs'], 'sec_check records its dependency on the language extension');
  assert.ok(b.members.length >= 15, `members: ${b.members.length}`);
  assert.deepEqual(a.extension, b.extension);
  const byName = (s: typeof a) => new Map(s.members.map((m) => [m.object, m]));
  const [ma, mb] = [byName(a), byName(b)];
  assert.deepEqual([...ma.keys()], [...mb.keys()], 'same member objects');
  for (const [name, m] of mb) assert.deepEqual(ma.get(name), m, name);
});

test('0.2.0 as released: a stored run survives, and the upgrade equals a fresh install', async () => {
  const v020 = readFileSync(join(REPO, 'extension/sec_check--0.2.0.sql'), 'utf8');
  const landedBuild = /\(build ([0-9a-f]{16})\)/.exec(v020)?.[1];
  assert.ok(landedBuild, 'the kept 0.2.0 script names its build');
  const db = await server.connect('postgres', 'from020');
  try {
    await db.query('CREATE EXTENSION pljs');
    await db.query(`CREATE EXTENSION sec_check VERSION '0.2.0'`);
    assert.equal((await db.query('SELECT sec_check.build_id() AS b')).rows[0].b, landedBuild, 'installed from the kept 0.2.0 script');
    const runId = (await db.query(`SELECT DISTINCT run_id FROM sec_check.run('connections')`)).rows[0].run_id;
    await db.query(`SELECT sec_check.grant_audit_access('upgrade_auditor')`);
    await db.query('ALTER EXTENSION sec_check UPDATE');
    assert.equal((await db.query(`SELECT extversion FROM pg_extension WHERE extname = 'sec_check'`)).rows[0].extversion, CURRENT);
    const kept = await db.query('SELECT count(*)::int AS n FROM sec_check.results WHERE run_id = $1', [runId]);
    assert.ok(kept.rows[0].n > 0, 'the 0.2.0 run is still there');
    const a = await extensionSnapshot(db);
    const b = await extensionSnapshot(fresh);
    const byName = (s: typeof a) => new Map(s.members.map((m) => [m.object, m]));
    const [ma, mb] = [byName(a), byName(b)];
    assert.deepEqual([...ma.keys()], [...mb.keys()], 'same member objects');
    for (const [name, m] of mb) assert.deepEqual(ma.get(name), m, name);
  } finally {
    await db.end();
  }
});

test('0.3.0 as released: a stored run survives, and the upgrade equals a fresh install', async () => {
  const v030 = readFileSync(join(REPO, 'extension/sec_check--0.3.0.sql'), 'utf8');
  const landedBuild = /\(build ([0-9a-f]{16})\)/.exec(v030)?.[1];
  assert.ok(landedBuild, 'the kept 0.3.0 script names its build');
  const db = await server.connect('postgres', 'from030');
  try {
    await db.query('CREATE EXTENSION pljs');
    await db.query(`CREATE EXTENSION sec_check VERSION '0.3.0'`);
    assert.equal((await db.query('SELECT sec_check.build_id() AS b')).rows[0].b, landedBuild, 'installed from the kept 0.3.0 script');
    const runId = (await db.query(`SELECT DISTINCT run_id FROM sec_check.run('connections')`)).rows[0].run_id;
    await db.query(`SELECT sec_check.grant_audit_access('upgrade_auditor')`);
    await db.query('ALTER EXTENSION sec_check UPDATE');
    assert.equal((await db.query(`SELECT extversion FROM pg_extension WHERE extname = 'sec_check'`)).rows[0].extversion, CURRENT);
    const kept = await db.query('SELECT count(*)::int AS n FROM sec_check.results WHERE run_id = $1', [runId]);
    assert.ok(kept.rows[0].n > 0, 'the 0.3.0 run is still there');
    const a = await extensionSnapshot(db);
    const b = await extensionSnapshot(fresh);
    const byName = (s: typeof a) => new Map(s.members.map((m) => [m.object, m]));
    const [ma, mb] = [byName(a), byName(b)];
    assert.deepEqual([...ma.keys()], [...mb.keys()], 'same member objects');
    for (const [name, m] of mb) assert.deepEqual(ma.get(name), m, name);
  } finally {
    await db.end();
  }
});

test('DROP EXTENSION pljs is refused while sec_check uses it', async () => {
  await assert.rejects(fresh.query('DROP EXTENSION pljs'), /sec_check depends on extension pljs|other objects depend/);
});
