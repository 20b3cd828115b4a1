// Bad inputs of the managed profile (issue 14): --profile and the sec_check.profile setting.
// The CLI exits 2 with one line naming the option and the value, before connecting (the
// host does not exist), and writes no report; a bad setting makes run() fail, naming it.
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

test('sec_check.profile with an unknown value: run() fails naming the setting, stores nothing', async () => {
  const client = await pg.connect();
  try {
    await client.query(`SET sec_check.profile = 'cloud'`);
    await assert.rejects(client.query(`SELECT * FROM sec_check.run('permissions')`),
      /sec_check\.profile: expected one of auto, managed, self-hosted, found "cloud"/);
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM sec_check.runs`);
    assert.equal(rows[0].n, 0);
  } finally {
    await client.end();
  }
});
