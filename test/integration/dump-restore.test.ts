// pg_dump / restore keeps the audit history (PostgreSQL 18 + pljs, and 15 through
// pg15/dump-restore.test.ts; each with the server's own pg_dump, pg_restore and psql): a
// database with sec_check, its language, stored runs, an uploaded pack and a granted role
// restores into a fresh database with ONE pg_restore or psql, reads back the same, and its
// next run() works and gets a new id.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import type { Cluster } from '../../src/harness/index.ts';
import { ensureClientTools, type ClientMajor } from '../../src/harness/index.ts';
import { execOk } from '../../src/harness/exec.ts';
import { cli, configOf, luaReturning, startPljs, tempPrefix, testMajor, writePack } from './support.ts';
import { extensionSnapshot, psql } from './extension-catalog.ts';

type Row = Record<string, any>;
let server: Cluster;
let src: pg.Client;
let lastId = 0;

before(async () => {
  server = await startPljs();
  await server.query('CREATE ROLE restore_auditor LOGIN');
  await server.query('CREATE DATABASE src');
  src = await server.connect('postgres', 'src');
  await src.query('CREATE EXTENSION pljs');
  await src.query('CREATE EXTENSION sec_check');
  await src.query(`SELECT sec_check.grant_audit_access('restore_auditor')`);
  // history: a superuser run, an auditor's run, a run posted by the agent
  const first = Number((await src.query(`SELECT DISTINCT run_id FROM sec_check.run('connections')`)).rows[0].run_id);
  await src.query('SET ROLE restore_auditor');
  await src.query(`SELECT * FROM sec_check.run('logging')`);
  await src.query('RESET ROLE');
  const out = tempPrefix('agent');
  // an agent posts only checks of a stored pack: the owner uploads the agent's pack first
  const agentPack = writePack({ 'config.json': configOf('agent', [{ name: 'agent check', executors: [{ script: 'q.sh' }], validators: [{ script: 'v.lua' }] }]), 'q.sh': 'echo host-only\n', 'v.lua': luaReturning('Info') });
  const upAgent = await cli(['pack', '--host', server.socketDir, '--port', String(server.port), '--user', 'postgres', '--database', 'src', '--config', agentPack, '--upload', 'agent']);
  assert.equal(upAgent.code, 0, upAgent.stderr);
  const agent = await cli(['run', '--host', server.socketDir, '--port', String(server.port), '--user', 'postgres', '--database', 'src',
    '--config', agentPack, '--format', 'Json', '--output', out, '--store', '--fail-on', 'never']);
  assert.equal(agent.code, 0, agent.stderr);
  // an uploaded pack, through the CLI
  const pack = writePack({
    'config.json': configOf('kept', [{ name: 'kept check', executors: [{ script: 'q.sql' }], validators: [{ script: 'v.lua' }] }]),
    'q.sql': 'SELECT 41 + 1 AS answer',
    'v.lua': luaReturning('Warning'),
  });
  const up = await cli(['pack', '--host', server.socketDir, '--port', String(server.port), '--user', 'postgres', '--database', 'src', '--config', pack, '--upload', 'kept']);
  assert.equal(up.code, 0, up.stderr);
  lastId = Number((await src.query('SELECT max(id) AS id FROM sec_check.runs')).rows[0].id);
  assert.ok(lastId >= first + 2, `three runs stored: ${first}..${lastId}`);
});
after(async () => { await server?.stop(); });

async function history(c: pg.Client): Promise<Row> {
  const runs = (await c.query('SELECT id, sec_check.report_json(id) AS report FROM sec_check.runs ORDER BY id')).rows;
  const packs = (await c.query('SELECT name, pack, builtin FROM sec_check.packs ORDER BY name')).rows;
  // what refuses replays of agent posts comes back too
  const posts = (await c.query('SELECT digest, posted_by, claimed_finished_at, run_id FROM sec_check.agent_posts ORDER BY digest')).rows;
  return { runs, packs, posts };
}

async function checkRestored(db: string): Promise<void> {
  const c = await server.connect('postgres', db);
  try {
    assert.deepEqual(await history(c), await history(src), 'runs, results and packs as in the source');
    assert.deepEqual(await extensionSnapshot(c), await extensionSnapshot(src), 'same extension objects, comments and grants');
    const next: Row[] = (await c.query(`SELECT * FROM sec_check.run(NULL, 'en', 'kept')`)).rows;
    assert.deepEqual(next.map((r) => [r.check_name, r.status, r.short_description]), [['kept check', 'Warning', 'answer=42']]);
    assert.equal(Number(next[0].run_id), lastId + 1, 'the next run gets the next id');
    await c.query('SET ROLE restore_auditor');
    assert.ok((await c.query(`SELECT * FROM sec_check.run('connections')`)).rows.length > 0, 'the granted role still runs audits');
  } finally {
    await c.end();
  }
}

function connFlags(db: string): string[] {
  return ['-h', server.socketDir, '-p', String(server.port), '-U', 'postgres', '-d', db];
}

test('pg_dump -Fc restores with one pg_restore into a fresh database', async () => {
  const tools = await ensureClientTools(testMajor() as ClientMajor);
  const file = `${tempPrefix('dump')}.custom`;
  await execOk(tools.pgDump, ['-Fc', '-f', file, ...connFlags('src')], { timeoutMs: 120_000 });
  const list = (await execOk(tools.pgRestore, ['-l', file])).stdout;
  const [lang, ext] = ['EXTENSION - pljs', 'EXTENSION - sec_check'].map((e) => list.indexOf(e));
  assert.ok(lang >= 0 && ext > lang, `the language comes first:\n${list}`);
  assert.match(list, /SEQUENCE SET .*runs_id_seq/, 'the run id sequence is dumped');
  await server.query('CREATE DATABASE dst_custom');
  const t0 = performance.now();
  await execOk(tools.pgRestore, ['--exit-on-error', ...connFlags('dst_custom'), file], { timeoutMs: 120_000 });
  console.log(`# pg_restore: ${Math.round(performance.now() - t0)} ms`);
  await checkRestored('dst_custom');
});

test('a plain pg_dump restores with one psql into a fresh database', async () => {
  const tools = await ensureClientTools(testMajor() as ClientMajor);
  const file = `${tempPrefix('dump')}.sql`;
  await execOk(tools.pgDump, ['-f', file, ...connFlags('src')], { timeoutMs: 120_000 });
  const text = readFileSync(file, 'utf8');
  const [lang, ext] = ['CREATE EXTENSION IF NOT EXISTS pljs', 'CREATE EXTENSION IF NOT EXISTS sec_check'].map((e) => text.indexOf(e));
  assert.ok(lang >= 0 && ext > lang, 'the language comes first');
  await server.query('CREATE DATABASE dst_plain');
  await psql(server, 'dst_plain', ['-q', '-f', file]);
  await checkRestored('dst_plain');
});
