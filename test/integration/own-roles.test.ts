// sec_check's own SECURITY DEFINER functions give no role a path to superuser: a role given
// each of the extension's grants (auditor, agent, readers, DDL trail, pgaudit ingester, PII,
// fleet) is not superuser-equivalent for the role checks (PostgreSQL 18 + pljs). The privilege
// graph's body reader once took `IS DISTINCT FROM x` for a FROM clause (sec_check.pack_for_run)
// and a MATERIALIZED CTE for a table (sec_check.record_run): every auditor and agent was
// reported as able to become superuser through a temporary table.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Cluster } from '../../src/harness/index.ts';
import { startPg18WithSecCheck } from './support.ts';

let c: Cluster;
const GRANTS = ['grant_audit_access', 'grant_agent_access', 'grant_evidence_access', 'grant_read_access', 'grant_ddl_trail_access',
  'grant_pgaudit_ingest', 'grant_object_audit_access', 'grant_pii_access', 'grant_fleet_source_access', 'grant_fleet_collector_access', 'grant_fleet_read_access'];

before(async () => {
  c = await startPg18WithSecCheck();
  for (const [i, fn] of GRANTS.entries()) {
    await c.query(`CREATE ROLE own_${i} LOGIN`);
    await c.query(`SELECT sec_check.${fn}('own_${i}')`);
  }
  await c.query('GRANT pg_monitor, pg_read_all_settings TO own_0');
});
after(async () => { await c?.stop(); });

test('a role given any of sec_check\'s grants is not superuser-equivalent, in the database and for each role check', async () => {
  const rows = await c.query(`SELECT check_id, status, short_description FROM sec_check.run('access')
    WHERE check_id IN ('superuser_roles', 'escalation_paths', 'excessive_admin_privileges')`);
  assert.equal(rows.length, 3);
  for (const r of rows) {
    assert.doesNotMatch(r.short_description, /own_\d+/, `${r.check_id} ${r.status}: ${r.short_description}`);
    assert.ok(['Success', 'Info'].includes(r.status), `${r.check_id} ${r.status}: ${r.short_description}`);
  }
});
