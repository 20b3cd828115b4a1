// Bad packs and bad arguments: a clear message naming the file, field and value, exit
// code 2, and no run row left behind (neither from the CLI with --store nor in-database).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Cluster } from '../../src/harness/index.ts';
import { cli, configOf, connArgs, luaReturning, startPg18WithSecCheck, tempPrefix, writePack } from './support.ts';

let pg: Cluster;
before(async () => { pg = await startPg18WithSecCheck(); });
after(async () => { await pg?.stop(); });

const runCount = async () => Number((await pg.query('SELECT count(*) AS n FROM sec_check.runs'))[0].n);
const okItem = { name: 'one', executors: [{ script: 'q.sql' }], validators: [{ script: 'v.lua' }] };
const goodFiles = { 'q.sql': 'SELECT 1 AS one', 'v.lua': luaReturning('Success') };

async function expectRejected(config: string, extra: string[], ...patterns: RegExp[]) {
  const before = await runCount();
  const res = await cli(['run', ...connArgs(pg), '--config', config, '--format', 'Json', '--output', tempPrefix('bad'), '--store', ...extra]);
  assert.equal(res.code, 2, `exit code for ${config}: ${res.stdout}${res.stderr}`);
  for (const p of patterns) assert.match(res.stderr, p);
  assert.equal(await runCount(), before, 'no run row may be left behind');
}

test('malformed JSON names the file and the position', async () => {
  const config = writePack({ 'config.json': '{ "section": { "s": { "items": [ }' });
  await expectRejected(config, [], /config\.json: invalid JSON at line 1, column \d+/);
});

test('a missing script names the field and the path', async () => {
  const config = writePack({ 'config.json': configOf('s', [{ ...okItem, executors: [{ script: 'nowhere/missing.sql' }] }]), 'v.lua': goodFiles['v.lua'] });
  await expectRejected(config, [], /section\.s\.items\[0\]\.executors\[0\]\.script: file not found: nowhere\/missing\.sql/);
});

test('an unknown group lists the groups the pack has', async () => {
  const config = writePack({ 'config.json': configOf('s', [okItem]), ...goodFiles });
  await expectRejected(config, ['--groups', 'nope'], /unknown group "nope"; this pack has: s/);
});

test('a bad version string names the field and the value', async () => {
  const config = writePack({ 'config.json': configOf('s', [{ ...okItem, executors: [{ script: 'q.sql', min_ver: 'ten' }] }]), ...goodFiles });
  await expectRejected(config, [], /section\.s\.items\[0\]\.executors\[0\]\.min_ver: bad version "ten"/);
});

test('a validator without validate_result names the script', async () => {
  const config = writePack({ 'config.json': configOf('s', [okItem]), 'q.sql': 'SELECT 1', 'v.lua': 'function check() return {} end\n' });
  await expectRejected(config, [], /v\.lua/, /validate_result/);
});

test('a .loc line without quotes names the file and line', async () => {
  const config = writePack({ 'config.json': configOf('s', [okItem]), ...goodFiles, 'localizations/en.loc': '# ok\nkey_one,"fine"\nkey_two,not quoted\n' });
  await expectRejected(config, [], /localizations\/en\.loc:3: expected id,"message"/);
});

test('several problems are reported together', async () => {
  const config = writePack({ 'config.json': configOf('s', [
    { name: 'a', executors: [{ script: 'q.sql', max_ver: '1.2.3.4' }], validators: [{ script: 'gone.lua' }] },
  ]), 'q.sql': 'SELECT 1' });
  await expectRejected(config, [], /2 problems/, /max_ver: bad version "1\.2\.3\.4"/, /validators\[0\]\.script: file not found: gone\.lua/);
});

test('usage errors exit 2: unknown format, bad port, unknown option', async () => {
  for (const args of [['--format', 'Pdf'], ['--port', 'abc'], ['--password', 'x']]) {
    const res = await cli(['run', '--config', 'x.json', ...args]);
    assert.equal(res.code, 2, args.join(' '));
    // --password (-W) is psql's: it asks for the password; a value after it is a stray argument
    assert.match(res.stderr, args[0] === '--password' ? /Unexpected argument 'x'/ : new RegExp(args[1]));
  }
});

test('a server that cannot be reached exits 2 with the address and no secret', async () => {
  const config = writePack({ 'config.json': configOf('s', [okItem]), ...goodFiles });
  const res = await cli(['run', '--host', '/nonexistent-dir', '--port', '5999', '--user', 'x', '--config', config, '--output', tempPrefix('x')], { PGPASSWORD: 'hunter2-secret' });
  assert.equal(res.code, 2);
  assert.match(res.stderr, /cannot connect \(\/nonexistent-dir:5999 as x/);
  assert.doesNotMatch(res.stderr + res.stdout, /hunter2/);
});

test('in the database: an unknown group raises and stores nothing', async () => {
  const before = await runCount();
  await assert.rejects(pg.query(`SELECT * FROM sec_check.run('no_such_group')`), /unknown group "no_such_group"/);
  await assert.rejects(pg.query(`SELECT * FROM sec_check.run(ARRAY['logging'], 'en', 'no_such_pack')`), /unknown check pack "no_such_pack"/);
  assert.equal(await runCount(), before);
});
