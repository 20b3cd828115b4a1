-- since: 0.4.0
-- Roles given grant_read_access before this release read the compliance and fleet views too:
-- the function now grants them, and a role granted earlier gets what it grants today. Nothing
-- to do in a fresh install.
DO $grant$
DECLARE
  v_grantee regrole;
BEGIN
  IF to_regclass('sec_check.run_summary') IS NULL THEN
    RETURN; -- a partial load without the operations layer: nobody was granted read access yet
  END IF;
  FOR v_grantee IN
    SELECT DISTINCT a.grantee::regrole
      FROM pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) AS a
     WHERE c.oid = 'sec_check.run_summary'::pg_catalog.regclass
       AND a.privilege_type = 'SELECT' AND a.grantee <> 0 AND a.grantee <> c.relowner
  LOOP
    PERFORM sec_check.grant_read_access(v_grantee);
  END LOOP;
END
$grant$;
