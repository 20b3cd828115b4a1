-- since: 0.4.0
-- Roles granted audit access before 0.4.0 get EXECUTE on the audit engine's new function
-- (sec_check.run() drives sec_check.engine_step since 0.4.0). Nothing to do in a fresh install.
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
    EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION sec_check.engine_step(jsonb, text) TO %s', v_grantee);
  END LOOP;
END
$grant$;
