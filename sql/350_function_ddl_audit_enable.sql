-- since: 0.2.0
-- Starts the DDL trail in the current database: stores the options and enables the trail's
-- event triggers (members of the extension since the install, firing ALWAYS; see
-- sec_check.ddl_audit_sync), then records the start in the trail. Re-running changes the
-- options. A pg_dump restore brings the stored options back and, through the config row's
-- trigger, the triggers' state. Superuser only, as event triggers are.
CREATE OR REPLACE FUNCTION sec_check.ddl_audit_enable(p_options jsonb DEFAULT '{}')
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_opts jsonb := sec_check.ddl_audit_options(p_options);
BEGIN
  IF NOT coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = current_user), false) THEN
    RAISE EXCEPTION 'sec_check.ddl_audit_enable: only a superuser can enable event triggers (current user is %)', current_user;
  END IF;
  IF (v_opts ->> 'login')::boolean AND current_setting('server_version_num')::integer < 170000 THEN
    RAISE EXCEPTION 'sec_check.ddl_audit_enable: option "login" needs PostgreSQL 17 or later (this is %)', current_setting('server_version');
  END IF;
  INSERT INTO sec_check.ddl_audit_config AS c (singleton, enabled, options) VALUES (true, true, v_opts)
  ON CONFLICT (singleton) DO UPDATE SET enabled = true, options = v_opts, changed_at = now(), changed_by = session_user;
  PERFORM sec_check.ddl_audit_sync();
  PERFORM sec_check.ddl_log_append('sec_check', 'DDL AUDIT ENABLE', 'event trigger', NULL, NULL, NULL,
                                   v_opts::text, false, v_opts ->> 'notify');
  RETURN v_opts;
END
$$;
COMMENT ON FUNCTION sec_check.ddl_audit_enable(jsonb) IS
  'Starts the DDL trail in this database: its event triggers on ddl_command_end, sql_drop, table_rewrite (and login with {"login": true}, PostgreSQL 17+) fire always. Options: see sec_check.ddl_audit_options (strict by default). Superuser only; returns the options in effect.';
