-- since: 0.4.0
-- The body every grant_* function shares: USAGE on the schema, then each of its privilege
-- lists ('SELECT ON sec_check.runs, ...', 'EXECUTE ON FUNCTION sec_check.run(...), ...')
-- granted to the role. The lists are the calling function's constants, never user input; the
-- role is a regrole, which prints quoted. Granted to nobody: the grant_* functions run as the
-- extension owner (or a superuser) and call it with their own rights.
CREATE OR REPLACE FUNCTION sec_check.grant_privileges(p_role regrole, p_grants text[])
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_grant text;
BEGIN
  EXECUTE format('GRANT USAGE ON SCHEMA sec_check TO %s', p_role);
  FOREACH v_grant IN ARRAY p_grants LOOP
    EXECUTE format('GRANT %s TO %s', v_grant, p_role);
  END LOOP;
END
$$;

REVOKE ALL ON FUNCTION sec_check.grant_privileges(regrole, text[]) FROM PUBLIC;

COMMENT ON FUNCTION sec_check.grant_privileges(regrole, text[]) IS
  'Shared body of the grant_* functions: USAGE on schema sec_check and each given privilege list (e.g. ''SELECT ON sec_check.runs'') to the role. Not granted to anyone; called by the grant_* functions as the extension owner.';
