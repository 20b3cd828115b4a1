-- since: 0.2.0
-- Creates the DDL trail's event triggers in the current database and makes them members of
-- the extension (DROP EXTENSION removes them; pg_dump leaves them out, and the built-in
-- check reports "enabled but triggers missing" after such a restore until this is run
-- again). Re-running replaces the triggers and the options. Superuser only, as CREATE
-- EVENT TRIGGER is.
CREATE OR REPLACE FUNCTION sec_check.ddl_audit_enable(p_options jsonb DEFAULT '{}')
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_opts jsonb := sec_check.ddl_audit_options(p_options);
  v_member boolean;
  v_name text;
  v_event text;
BEGIN
  IF NOT coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = current_user), false) THEN
    RAISE EXCEPTION 'sec_check.ddl_audit_enable: only a superuser can create event triggers (current user is %)', current_user;
  END IF;
  IF (v_opts ->> 'login')::boolean AND current_setting('server_version_num')::integer < 170000 THEN
    RAISE EXCEPTION 'sec_check.ddl_audit_enable: option "login" needs PostgreSQL 17 or later (this is %)', current_setting('server_version');
  END IF;
  PERFORM sec_check.ddl_audit_drop_triggers();
  INSERT INTO sec_check.ddl_audit_config AS c (singleton, enabled, options) VALUES (true, true, v_opts)
  ON CONFLICT (singleton) DO UPDATE SET enabled = true, options = v_opts, changed_at = now(), changed_by = session_user;
  v_member := EXISTS (SELECT 1 FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
                       WHERE d.classid = 'pg_proc'::regclass AND d.objid = 'sec_check.ddl_capture()'::regprocedure
                         AND d.deptype = 'e' AND e.extname = 'sec_check');
  FOR v_name, v_event IN
    SELECT n, e FROM (VALUES ('sec_check_ddl_command_end', 'ddl_command_end', true),
                             ('sec_check_sql_drop', 'sql_drop', true),
                             ('sec_check_table_rewrite', 'table_rewrite', true),
                             ('sec_check_login', 'login', (v_opts ->> 'login')::boolean)) t(n, e, wanted)
     WHERE wanted
  LOOP
    EXECUTE format('CREATE EVENT TRIGGER %I ON %s EXECUTE FUNCTION sec_check.ddl_capture()', v_name, v_event);
    IF v_member THEN
      EXECUTE format('ALTER EXTENSION sec_check ADD EVENT TRIGGER %I', v_name);
    END IF;
  END LOOP;
  PERFORM sec_check.ddl_log_append('sec_check', 'DDL AUDIT ENABLE', 'event trigger', NULL, NULL, NULL,
                                   v_opts::text, false, v_opts ->> 'notify');
  RETURN v_opts;
END
$$;
COMMENT ON FUNCTION sec_check.ddl_audit_enable(jsonb) IS
  'Starts the DDL trail in this database: event triggers on ddl_command_end, sql_drop, table_rewrite (and login with {"login": true}, PostgreSQL 17+) owned by the extension. Options: see sec_check.ddl_audit_options. Superuser only; returns the options in effect.';
