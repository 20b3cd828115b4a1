-- since: 0.3.0
-- The reverse of object_audit(): revokes the same privileges from the audit role.
-- SECURITY INVOKER, like object_audit(): a REVOKE only removes what the caller (or, for the
-- owner, anyone) granted, so what remains is reported, not hidden.
CREATE OR REPLACE FUNCTION sec_check.object_audit_remove(p_target regclass, p_actions text[] DEFAULT '{SELECT}', p_columns text[] DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql
SECURITY INVOKER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_privs text := sec_check.object_audit_privileges(p_target, p_actions, p_columns);
  v_role name := sec_check.object_audit_role(false);
  v_oid oid;
  v_sql text;
  v_left text;
  v_keep text[];
  v_grant text;
BEGIN
  SELECT oid INTO v_oid FROM pg_catalog.pg_roles WHERE rolname = v_role;
  -- PostgreSQL's table-level REVOKE also drops the column-level grants of the same
  -- privilege; those were set up separately (object_audit with columns), so they are kept
  IF p_columns IS NULL THEN
    SELECT array_agg(format('GRANT %s (%I) ON %s TO %I', e.privilege_type, t.attname, p_target, v_role))
      INTO v_keep
      FROM pg_catalog.pg_attribute AS t CROSS JOIN LATERAL pg_catalog.aclexplode(t.attacl) AS e
     WHERE t.attrelid = p_target AND e.grantee = v_oid
       AND e.privilege_type IN (SELECT upper(btrim(x)) FROM unnest(p_actions) AS x);
  END IF;
  v_sql := format('REVOKE %s ON %s FROM %I', v_privs, p_target, v_role);
  EXECUTE v_sql;
  FOREACH v_grant IN ARRAY coalesce(v_keep, '{}') LOOP
    EXECUTE v_grant;
  END LOOP;
  SELECT string_agg(format('%s%s (granted by %s)', a, CASE WHEN col IS NULL THEN '' ELSE format(' (%I)', col) END, grantor), ', ') INTO v_left FROM (
    SELECT DISTINCT acts.a, col, e.grantor::regrole::text AS grantor
      FROM (SELECT DISTINCT upper(btrim(x)) AS a FROM unnest(p_actions) AS x) AS acts
      LEFT JOIN LATERAL unnest(p_columns) AS col ON true
      JOIN pg_catalog.pg_attribute AS t ON t.attrelid = p_target AND t.attname = col
      CROSS JOIN LATERAL pg_catalog.aclexplode(t.attacl) AS e
     WHERE e.grantee = v_oid AND e.privilege_type = acts.a
    UNION
    SELECT DISTINCT acts.a, NULL, e.grantor::regrole::text
      FROM (SELECT DISTINCT upper(btrim(x)) AS a FROM unnest(p_actions) AS x) AS acts
      JOIN pg_catalog.pg_class AS c ON c.oid = p_target
      CROSS JOIN LATERAL pg_catalog.aclexplode(c.relacl) AS e
     WHERE e.grantee = v_oid AND e.privilege_type = acts.a) AS still;
  IF v_left IS NOT NULL THEN
    RAISE WARNING 'object audit: % is still granted to % on %, so those statements are still logged', v_left, quote_ident(v_role), p_target
      USING HINT = 'A table-level grant covers every column; grants made by another role are revoked by that role or the table owner.';
  END IF;
  RETURN v_sql;
END
$$;
REVOKE ALL ON FUNCTION sec_check.object_audit_remove(regclass, text[], text[]) FROM PUBLIC;
COMMENT ON FUNCTION sec_check.object_audit_remove(regclass, text[], text[]) IS
  'Stops pgAudit object logging set up by object_audit() with the same arguments: revokes exactly those privileges (column-level when columns are given; a table-level remove keeps the column-level grants PostgreSQL would drop with it) from the role named by pgaudit.role and returns the REVOKE it ran; warns when the role still holds any of them (a table-level grant, or one made by another grantor). SECURITY INVOKER: the caller must own the table or be the grantor.';
