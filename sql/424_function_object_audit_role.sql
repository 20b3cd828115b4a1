-- since: 0.3.0
-- The object-audit role (pgaudit.role), checked. pgAudit logs a statement on a table when
-- that role holds a privilege the statement uses (directly or through PUBLIC), so the role
-- is a switchboard, never a user: anything it can do beyond holding DML grants is a hole
-- (a member of it inherits every table it audits; a login can read them).
-- object_audit_role_problems() lists what is wrong with it (the check reports them);
-- object_audit_role() raises them (object_audit refuses to grant to such a role).
CREATE OR REPLACE FUNCTION sec_check.object_audit_role_problems()
RETURNS text[]
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  r pg_catalog.pg_roles%ROWTYPE;
  v_problems text[] := '{}';
  v_list text;
BEGIN
  SELECT x.* INTO r FROM pg_catalog.pg_settings AS s JOIN pg_catalog.pg_roles AS x ON x.rolname = s.setting
   WHERE s.name = 'pgaudit.role';
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF r.rolcanlogin THEN v_problems := v_problems || 'it can log in (LOGIN)'::text; END IF;
  IF r.rolsuper THEN v_problems := v_problems || 'it is a superuser'::text; END IF;
  IF r.rolcreaterole THEN v_problems := v_problems || 'it has CREATEROLE'::text; END IF;
  IF r.rolcreatedb THEN v_problems := v_problems || 'it has CREATEDB'::text; END IF;
  IF r.rolbypassrls THEN v_problems := v_problems || 'it has BYPASSRLS'::text; END IF;
  IF r.rolreplication THEN v_problems := v_problems || 'it has REPLICATION'::text; END IF;
  SELECT string_agg(quote_ident(g.rolname), ', ' ORDER BY g.rolname) INTO v_list
    FROM pg_catalog.pg_auth_members AS m JOIN pg_catalog.pg_roles AS g ON g.oid = m.roleid
   WHERE m.member = r.oid;
  IF v_list IS NOT NULL THEN v_problems := v_problems || format('it is a member of %s', v_list); END IF;
  SELECT string_agg(quote_ident(u.rolname), ', ' ORDER BY u.rolname) INTO v_list
    FROM pg_catalog.pg_auth_members AS m JOIN pg_catalog.pg_roles AS u ON u.oid = m.member
   WHERE m.roleid = r.oid;
  IF v_list IS NOT NULL THEN
    v_problems := v_problems || format('%s are members of it (and would get every privilege granted for auditing)', v_list);
  END IF;
  SELECT string_agg(o, ', ') INTO v_list FROM (
    SELECT format('%s %s', CASE WHEN c.relkind IN ('r', 'p') THEN 'table' ELSE 'relation' END, c.oid::regclass) AS o
      FROM pg_catalog.pg_class AS c WHERE c.relowner = r.oid
    UNION ALL SELECT format('schema %I', n.nspname) FROM pg_catalog.pg_namespace AS n WHERE n.nspowner = r.oid
    UNION ALL SELECT format('function %s', p.oid::regprocedure) FROM pg_catalog.pg_proc AS p WHERE p.proowner = r.oid
    UNION ALL SELECT format('database %I', d.datname) FROM pg_catalog.pg_database AS d WHERE d.datdba = r.oid
    LIMIT 5) AS owned;
  IF v_list IS NOT NULL THEN v_problems := v_problems || format('it owns %s', v_list); END IF;
  -- privileges: only SELECT/INSERT/UPDATE/DELETE on tables and their columns, never WITH GRANT OPTION
  SELECT string_agg(p, ', ') INTO v_list FROM (
    SELECT format('%s%s on %s', a.privilege_type, CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END, c.oid::regclass) AS p
      FROM pg_catalog.pg_class AS c CROSS JOIN LATERAL pg_catalog.aclexplode(c.relacl) AS a
     WHERE a.grantee = r.oid
       AND (a.is_grantable OR c.relkind NOT IN ('r', 'p', 'v', 'm', 'f')
            OR a.privilege_type NOT IN ('SELECT', 'INSERT', 'UPDATE', 'DELETE'))
    UNION ALL
    SELECT format('%s%s on column %I of %s', a.privilege_type, CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END,
                  t.attname, t.attrelid::regclass)
      FROM pg_catalog.pg_attribute AS t CROSS JOIN LATERAL pg_catalog.aclexplode(t.attacl) AS a
     WHERE a.grantee = r.oid AND (a.is_grantable OR a.privilege_type NOT IN ('SELECT', 'INSERT', 'UPDATE'))
    UNION ALL
    SELECT format('%s on schema %I', a.privilege_type, n.nspname)
      FROM pg_catalog.pg_namespace AS n CROSS JOIN LATERAL pg_catalog.aclexplode(n.nspacl) AS a WHERE a.grantee = r.oid
    UNION ALL
    SELECT format('%s on function %s', a.privilege_type, p.oid::regprocedure)
      FROM pg_catalog.pg_proc AS p CROSS JOIN LATERAL pg_catalog.aclexplode(p.proacl) AS a WHERE a.grantee = r.oid
    UNION ALL
    SELECT format('%s on database %I', a.privilege_type, d.datname)
      FROM pg_catalog.pg_database AS d CROSS JOIN LATERAL pg_catalog.aclexplode(d.datacl) AS a
     WHERE a.grantee = r.oid AND d.datname = pg_catalog.current_database()
    LIMIT 10) AS extra;
  IF v_list IS NOT NULL THEN v_problems := v_problems || format('it holds %s', v_list); END IF;
  RETURN v_problems;
END
$$;
REVOKE ALL ON FUNCTION sec_check.object_audit_role_problems() FROM PUBLIC;
COMMENT ON FUNCTION sec_check.object_audit_role_problems() IS
  'What is wrong with the role named by pgaudit.role, one text per problem (empty: nothing; NULL: pgaudit not loaded or no such role): it can log in, has attributes (SUPERUSER, CREATEROLE, CREATEDB, BYPASSRLS, REPLICATION), memberships either way, owns objects, or holds privileges other than SELECT/INSERT/UPDATE/DELETE on tables/columns of this database (or any WITH GRANT OPTION). Reads the catalogs only.';

CREATE OR REPLACE FUNCTION sec_check.object_audit_role(p_check_hygiene boolean DEFAULT true)
RETURNS name
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_role text;
  r pg_catalog.pg_roles%ROWTYPE;
  v_problems text[] := '{}';
BEGIN
  -- a loaded pgaudit defines the GUC (an unloaded one is at most a placeholder, which
  -- pg_settings does not list)
  SELECT s.setting INTO v_role FROM pg_catalog.pg_settings AS s WHERE s.name = 'pgaudit.role';
  IF NOT FOUND THEN
    RAISE EXCEPTION 'pgaudit is not loaded, so object audit logging is unavailable'
      USING ERRCODE = 'object_not_in_prerequisite_state',
            HINT = 'Add pgaudit to shared_preload_libraries, restart the server and run CREATE EXTENSION pgaudit.';
  END IF;
  IF coalesce(v_role, '') = '' THEN
    RAISE EXCEPTION 'pgaudit.role is not set, so object audit logging is off'
      USING ERRCODE = 'object_not_in_prerequisite_state',
            HINT = 'CREATE ROLE auditor NOLOGIN; ALTER SYSTEM SET pgaudit.role = ''auditor''; SELECT pg_reload_conf();';
  END IF;
  SELECT * INTO r FROM pg_catalog.pg_roles AS x WHERE x.rolname = v_role;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'pgaudit.role names role "%", which does not exist', v_role
      USING ERRCODE = 'undefined_object', HINT = format('CREATE ROLE %I NOLOGIN;', v_role);
  END IF;
  IF NOT p_check_hygiene THEN
    RETURN r.rolname;
  END IF;
  v_problems := sec_check.object_audit_role_problems();
  IF cardinality(v_problems) > 0 THEN
    RAISE EXCEPTION 'the object audit role "%" (pgaudit.role) must hold nothing beyond the privileges it audits: %',
      r.rolname, array_to_string(v_problems, '; ')
      USING ERRCODE = 'invalid_grant_operation',
            HINT = 'Use a role only for auditing: NOLOGIN, no attributes, no memberships, only SELECT/INSERT/UPDATE/DELETE grants on tables and columns.';
  END IF;
  RETURN r.rolname;
END
$$;
REVOKE ALL ON FUNCTION sec_check.object_audit_role(boolean) FROM PUBLIC;
COMMENT ON FUNCTION sec_check.object_audit_role(boolean) IS
  'The role named by pgaudit.role, or an error naming what is wrong: pgaudit not loaded, pgaudit.role unset or not an existing role, and (p_check_hygiene) the role can log in, has attributes (SUPERUSER, CREATEROLE, CREATEDB, BYPASSRLS, REPLICATION), memberships either way, owns objects, or holds privileges other than SELECT/INSERT/UPDATE/DELETE on tables/columns of this database (or any WITH GRANT OPTION). SECURITY INVOKER; reads the catalogs only.';
