-- since: 0.4.0
-- The role the audit engine runs as (sql/062_function_engine_step.sql). pljs and plv8 keep
-- one JavaScript context per current user, so a SECURITY DEFINER function owned by a role
-- nobody can become runs in a context no other code reaches. The role logs in never, has no
-- members and no attributes, and owns only the engine; roles are cluster-wide, so every
-- database with sec_check shares it (DROP ROLE sec_check_engine once no database has the
-- extension). An existing role of that name is used only if it is that; otherwise the
-- install stops, because a role someone can become would open the engine's context.
-- Re-run by every upgrade (the role is not an extension member and may have been dropped).
DO $role$
DECLARE
  v_role pg_catalog.pg_roles%ROWTYPE;
  v_problem text;
BEGIN
  SELECT * INTO v_role FROM pg_catalog.pg_roles WHERE rolname = 'sec_check_engine';
  IF NOT FOUND THEN
    CREATE ROLE sec_check_engine NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT CONNECTION LIMIT 0;
    COMMENT ON ROLE sec_check_engine IS 'sec_check: owns sec_check.engine_step, the in-database audit engine, so that it runs in a JavaScript context of its own. Never grant it to anyone; no login.';
    RETURN;
  END IF;
  v_problem := CASE
    WHEN v_role.rolsuper THEN 'is a superuser'
    WHEN v_role.rolcanlogin THEN 'can log in'
    WHEN v_role.rolcreaterole OR v_role.rolcreatedb OR v_role.rolreplication OR v_role.rolbypassrls THEN 'has role attributes'
    WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_auth_members m WHERE m.roleid = v_role.oid) THEN 'has members'
  END;
  IF v_problem IS NOT NULL THEN
    RAISE EXCEPTION 'sec_check: role sec_check_engine % ; the audit engine runs as this role and no one may be able to become it', v_problem
      USING HINT = 'Drop or fix the role (NOLOGIN, no attributes, REVOKE sec_check_engine FROM every member), then install sec_check again.';
  END IF;
END
$role$;
