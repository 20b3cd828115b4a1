// Bad inputs of the managed profile: --profile and the profile setting. The CLI exits 2
// with one line naming the option and the value, before connecting (the host does not
// exist), and writes no report; configure() refuses a bad setting, naming it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Cluster } from '../../src/harness/index.ts';
import { cli, startPg18WithSecCheck, tempPrefix } from './support.ts';

const CASES: [string, string[], RegExp][] = [
  ['unknown profile', ['--profile', 'bogus'], /^sec-check run: --profile: expected one of auto, managed, self-hosted, found "bogus"$/],
  ['profile in capitals', ['--profile', 'Managed'], /--profile: expected one of auto, managed, self-hosted, found "Managed"/],
  ['empty profile', ['--profile', ''], /--profile: expected one of auto, managed, self-hosted, found ""/],
];

for (const [name, args, message] of CASES) {
  test(`sec-check run: ${name}`, async () => {
    const prefix = tempPrefix('bad');
    const res = await cli(['run', '--host', '/nonexistent-socket-dir', '--port', '1', '--format', 'Json', '--output', prefix, ...args]);
    assert.equal(res.code, 2, res.stderr);
    const lines = res.stderr.trim().split('\n');
    assert.equal(lines.length, 1, res.stderr);
    assert.match(lines[0], message);
    assert.doesNotMatch(res.stderr, /\n\s+at /, 'no stack trace');
    assert.deepEqual(readdirSync(dirname(prefix)), [], 'no file written');
    assert.ok(!existsSync(`${prefix}.json`));
  });
}

let pg: Cluster;
before(async () => { pg = await startPg18WithSecCheck(); });
after(async () => { await pg?.stop(); });

test('profile with an unknown value: configure() refuses it naming the setting, nothing changes; a session value is not read', async () => {
  await assert.rejects(pg.query(`SELECT sec_check.configure('profile', 'cloud')`),
    /sec_check\.configure: profile must be one of auto, managed, self-hosted, found "cloud"/);
  assert.deepEqual((await pg.query(`SELECT value, source FROM sec_check.effective_config WHERE name = 'profile'`))[0], { value: 'auto', source: 'default' });
  const client = await pg.connect();
  try {
    await client.query(`SET sec_check.profile = 'cloud'`);
    const { rows } = await client.query(`SELECT run_id FROM sec_check.run('permissions')`);
    const [{ doc }] = await pg.query(`SELECT sec_check.report_json($1) AS doc`, [rows[0].run_id]);
    assert.equal(doc.run.profile.requested, 'auto', 'the session setting is ignored');
  } finally {
    await client.end();
  }
});
