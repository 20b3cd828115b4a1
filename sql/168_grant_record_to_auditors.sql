-- since: 0.2.0
-- Roles that could run audits before this release keep that right: run() now records
-- through record_database_run, which they need to be able to call (it refuses any caller
-- but run() itself). Nothing to do in a fresh install.
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
    EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION sec_check.record_database_run(jsonb, text, name, timestamptz) TO %s', v_grantee);
  END LOOP;
END
$grant$;
