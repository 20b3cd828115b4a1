// In-database run by a role that holds only pg_monitor and pg_read_all_settings plus the
// grants the README lists: checks whose data it cannot read are never Success.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cluster } from '../../src/harness/index.ts';
import { REPO, startPg18WithSecCheck } from './support.ts';

let pg: Cluster;
before(async () => { pg = await startPg18WithSecCheck(); });
after(async () => { await pg?.stop(); });

/** Built-in checks whose SQL reads data a monitoring role cannot see. */
function checksReadingProtectedData(): Set<string> {
  const config = JSON.parse(readFileSync(join(REPO, 'dist/catalog/config.json'), 'utf8'));
  const ids = new Set<string>();
  for (const section of Object.values<any>(config.section)) {
    for (const item of section.items) {
      for (const e of item.executors) {
        if (!e.script.endsWith('.sql')) continue;
        const sql = readFileSync(join(REPO, 'dist/catalog', e.script), 'utf8');
        // a '...'::regclass literal names a catalog without reading it (pg_shdepend lookups)
        if (/\b(pg_hba_file_rules|pg_authid|pg_shadow)\b(?!'::regclass)/.test(sql)) ids.add(item.id);
      }
    }
  }
  return ids;
}

test('a pg_monitor + pg_read_all_settings auditor gets no Success it could not verify', async () => {
  await pg.query(`CREATE ROLE auditor LOGIN`);
  await pg.query(`GRANT pg_monitor, pg_read_all_settings TO auditor`);
  await pg.query(`SELECT sec_check.grant_audit_access('auditor')`);
  const client = await pg.connect('auditor');
  const res = await client.query('SELECT check_id, status, short_description FROM sec_check.run()');
  assert.ok(res.rowCount! > 50);
  const protectedIds = checksReadingProtectedData();
  assert.ok(protectedIds.size >= 5, `found ${protectedIds.size} checks reading pg_hba_file_rules/pg_authid`);
  for (const row of res.rows) {
    if (protectedIds.has(row.check_id)) {
      assert.notEqual(row.status, 'Success', `${row.check_id}: ${row.short_description}`);
      assert.equal(row.status, 'Failed', `${row.check_id} should say it could not verify`);
    }
  }
  const [run] = await pg.query(`SELECT run_by, posted_by FROM sec_check.runs ORDER BY id DESC LIMIT 1`);
  assert.deepEqual(run, { run_by: 'auditor', posted_by: 'auditor' });
  // the auditor reads stored runs but cannot change them or the packs
  await assert.rejects(client.query('DELETE FROM sec_check.results'), /permission denied/);
  await assert.rejects(client.query(`UPDATE sec_check.packs SET pack = '{}'`), /permission denied/);
});
