-- since: 0.3.0
-- Turns on pgAudit object logging for a table or some of its columns by granting the
-- audit role (pgaudit.role) exactly those privileges. SECURITY INVOKER on purpose: the
-- authority to grant on a table is its owner's (or a holder of the grant option), so the
-- caller needs it; a GRANT PostgreSQL silently narrows (a warning, not an error) is caught
-- by checking the catalog afterwards.
CREATE OR REPLACE FUNCTION sec_check.object_audit(p_target regclass, p_actions text[] DEFAULT '{SELECT}', p_columns text[] DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql
SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_privs text := sec_check.object_audit_privileges(p_target, p_actions, p_columns);
  v_role name := sec_check.object_audit_role(true);
  v_sql text;
  v_missing text;
BEGIN
  v_sql := format('GRANT %s ON %s TO %I', v_privs, p_target, v_role);
  EXECUTE v_sql;
  -- every requested (action, column) must now be granted to the role itself
  SELECT string_agg(format('%s%s', a, CASE WHEN col IS NULL THEN '' ELSE format(' (%I)', col) END), ', ') INTO v_missing
    FROM (SELECT DISTINCT upper(btrim(x)) AS a FROM unnest(p_actions) AS x) AS acts
    LEFT JOIN LATERAL unnest(p_columns) AS col ON true
   WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_class AS c CROSS JOIN LATERAL pg_catalog.aclexplode(c.relacl) AS e
                      WHERE c.oid = p_target AND e.grantee = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = v_role)
                        AND e.privilege_type = acts.a)
     AND (col IS NULL OR NOT EXISTS (
           SELECT 1 FROM pg_catalog.pg_attribute AS t CROSS JOIN LATERAL pg_catalog.aclexplode(t.attacl) AS e
            WHERE t.attrelid = p_target AND t.attname = col
              AND e.grantee = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = v_role) AND e.privilege_type = acts.a));
  IF v_missing IS NOT NULL THEN
    RAISE EXCEPTION 'object audit: % was not granted to % on %', v_missing, quote_ident(v_role), p_target
      USING ERRCODE = 'insufficient_privilege',
            HINT = 'Call sec_check.object_audit as the owner of the table or as a role holding these privileges WITH GRANT OPTION.';
  END IF;
  RETURN v_sql;
END
$$;
REVOKE ALL ON FUNCTION sec_check.object_audit(regclass, text[], text[]) FROM PUBLIC;
COMMENT ON FUNCTION sec_check.object_audit(regclass, text[], text[]) IS
  'pgAudit object logging for a table (p_columns NULL) or some of its columns: grants the role named by pgaudit.role exactly p_actions (SELECT, INSERT, UPDATE, DELETE; DELETE only table-wide), column-level when columns are given, and returns the GRANT it ran. Errors name what is wrong: pgaudit not loaded, pgaudit.role unset/missing, an audit role that can log in or holds more than auditing needs, unknown actions or columns, a grant that did not take effect. SECURITY INVOKER: the caller must own the table or hold the privileges WITH GRANT OPTION. Idempotent.';
