-- since: 0.2.0
-- Roles granted audit access before this release get this release's grant: run() now
-- records through record_database_run (which refuses any caller but run() itself), reading
-- runs goes through a row-level security policy that reads evidence_readers, and the
-- engine's language is no longer usable by PUBLIC (grant_audit_access says so in a NOTICE).
-- Nothing to do in a fresh install.
DO $grant$
DECLARE
  v_grantee regrole;
BEGIN
  FOR v_grantee IN
    SELECT DISTINCT a.grantee::regrole
      FROM pg_catalog.pg_proc p, pg_catalog.aclexplode(p.proacl) AS a
     WHERE p.oid = 'sec_check.run(text[],text,text)'::pg_catalog.regprocedure
       AND a.grantee <> 0 AND a.grantee <> p.proowner
  LOOP
    PERFORM sec_check.grant_audit_access(v_grantee);
  END LOOP;
  FOR v_grantee IN
    SELECT DISTINCT a.grantee::regrole
      FROM pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) AS a
     WHERE c.oid IN ('sec_check.runs'::pg_catalog.regclass, 'sec_check.results'::pg_catalog.regclass)
       AND a.privilege_type = 'SELECT' AND a.grantee <> 0 AND a.grantee <> c.relowner
  LOOP
    EXECUTE pg_catalog.format('GRANT SELECT ON sec_check.evidence_readers TO %s', v_grantee);
  END LOOP;
END
$grant$;
