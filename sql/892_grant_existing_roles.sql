-- since: 0.4.0
-- Roles granted access before 0.4.0 get what 0.4.0 adds to their grant: auditors their
-- EXECUTE on the re-created run() and the current state; dashboard, agent and evidence
-- roles the functions the views and report_json now call per row (plain_text, priority,
-- result_exposure) and the new views. Nothing to do in a fresh install.
DO $grant$
DECLARE
  v_role regrole;
BEGIN
  -- auditors whose EXECUTE on run() went with the function dropped by the 0.3.0 -> 0.4.0 migration
  FOR v_role IN
    SELECT x::oid::regrole
      FROM pg_catalog.unnest(pg_catalog.string_to_array(nullif(pg_catalog.current_setting('sec_check.upgrade_auditors', true), ''), ',')) AS x
  LOOP
    PERFORM sec_check.grant_audit_access(v_role);
  END LOOP;
  -- every role that reads verdicts (latest_results: dashboards, agents, evidence readers)
  FOR v_role IN
    SELECT DISTINCT a.grantee::regrole
      FROM pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) AS a
     WHERE c.oid = pg_catalog.to_regclass('sec_check.latest_results')
       AND a.privilege_type = 'SELECT' AND a.grantee <> 0 AND a.grantee <> c.relowner
  LOOP
    PERFORM sec_check.grant_privileges(v_role, sec_check.verdict_reader_privileges());
  END LOOP;
  -- dashboard roles (grant_read_access) get the current-state views
  FOR v_role IN
    SELECT DISTINCT a.grantee::regrole
      FROM pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) AS a
     WHERE c.oid = pg_catalog.to_regclass('sec_check.findings')
       AND a.privilege_type = 'SELECT' AND a.grantee <> 0 AND a.grantee <> c.relowner
  LOOP
    PERFORM sec_check.grant_read_access(v_role);
  END LOOP;
  FOR v_role IN SELECT reader FROM sec_check.evidence_readers LOOP
    PERFORM sec_check.grant_evidence_access(v_role);
  END LOOP;
END
$grant$;
