// In the database the builtin pack row is held to the sha256 compiled into the extension by
// the build (sec_check.pack_for_run), besides the hash recorded in its own row: rewriting
// both the row and its sha256 column does not make a changed builtin pack run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Cluster } from '../../src/harness/index.ts';
import { startPg18WithSecCheck } from './support.ts';

let cluster: Cluster;
before(async () => { cluster = await startPg18WithSecCheck(); });
after(async () => { await cluster?.stop(); });

test('the builtin row matches the hash compiled into pack_for_run; a rewritten row (hash updated too) is refused', async () => {
  const [row] = await cluster.query(`SELECT sha256, sha256 = sec_check.pack_sha256(pack, allow_side_effects) AS consistent,
      (SELECT prosrc FROM pg_catalog.pg_proc WHERE oid = 'sec_check.pack_for_run(text)'::regprocedure) AS src
    FROM sec_check.packs WHERE name = 'builtin'`);
  assert.match(row.sha256, /^[0-9a-f]{64}$/);
  assert.equal(row.consistent, true);
  assert.ok(String(row.src).includes(`'${row.sha256}'`), 'the compiled-in hash is the installed row\'s');
  const [ok] = await cluster.query(`SELECT count(*)::int AS n FROM sec_check.run('settings')`);
  assert.ok(ok.n > 0);

  // a superuser edits one validator of the builtin pack and records a matching sha256
  await cluster.query(`UPDATE sec_check.packs
      SET pack = jsonb_set(pack, ARRAY['files', k], to_jsonb((pack #>> ARRAY['files', k]) || ' '))
      FROM (SELECT k FROM sec_check.packs, jsonb_object_keys(pack -> 'files') AS k WHERE name = 'builtin' AND k LIKE '%.lua' ORDER BY k LIMIT 1) AS one
     WHERE name = 'builtin'`);
  await cluster.query(`UPDATE sec_check.packs SET sha256 = sec_check.pack_sha256(pack, allow_side_effects) WHERE name = 'builtin'`);
  await assert.rejects(cluster.query(`SELECT sec_check.pack_for_run('builtin')`),
    /builtin check pack differs from the one this extension version ships \(sha256 mismatch\)/);
  await assert.rejects(cluster.query(`SELECT * FROM sec_check.run('settings')`), /sha256 mismatch/);
});
