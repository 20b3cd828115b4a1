-- since: 0.4.0
-- Makes the trail's event triggers match sec_check.ddl_audit_config: each exists (created
-- as a member of the extension, running sec_check.ddl_capture; one with a trail name running
-- other code is replaced) and fires always (ENABLE ALWAYS: also when
-- session_replication_role = replica) when the trail is enabled, the login trigger only
-- with {"login": true}; otherwise it is disabled. The install script creates them disabled;
-- ddl_audit_enable/disable and a change of the config row (also the row a pg_dump restore
-- loads) call this, so a restored database records DDL again by itself. Returns how many
-- trail triggers fire. SECURITY DEFINER (event triggers are the extension owner's); granted
-- to nobody.
CREATE OR REPLACE FUNCTION sec_check.ddl_audit_sync()
RETURNS integer
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $fn$
#variable_conflict error
DECLARE
  v_enabled boolean;
  v_login boolean;
  v_want boolean;
  v_count integer := 0;
  r record;
BEGIN
  SELECT c.enabled, coalesce((c.options ->> 'login')::boolean, false) INTO v_enabled, v_login
    FROM sec_check.ddl_audit_config c WHERE c.singleton;
  v_enabled := coalesce(v_enabled, false);
  FOR r IN
    SELECT t.name, t.event, e.oid AS trigger_oid, e.evtfoid = 'sec_check.ddl_capture()'::regprocedure AS runs_capture,
           EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_event_trigger'::regclass AND d.objid = e.oid AND d.deptype = 'e') AS member
      FROM (VALUES ('sec_check_ddl_command_end', 'ddl_command_end', 0), ('sec_check_sql_drop', 'sql_drop', 0),
                   ('sec_check_table_rewrite', 'table_rewrite', 0), ('sec_check_login', 'login', 170000)) t(name, event, min_version)
      LEFT JOIN pg_event_trigger e ON e.evtname = t.name
     WHERE current_setting('server_version_num')::integer >= t.min_version
  LOOP
    IF r.trigger_oid IS NOT NULL AND NOT r.runs_capture THEN
      IF r.member THEN
        EXECUTE format('ALTER EXTENSION sec_check DROP EVENT TRIGGER %I', r.name);
      END IF;
      EXECUTE format('DROP EVENT TRIGGER %I', r.name);
    END IF;
    IF r.trigger_oid IS NULL OR NOT r.runs_capture THEN
      EXECUTE format('CREATE EVENT TRIGGER %I ON %s EXECUTE FUNCTION sec_check.ddl_capture()', r.name, r.event);
      -- inside the extension's own script the new trigger is a member already
      IF NOT EXISTS (SELECT 1 FROM pg_depend d JOIN pg_event_trigger e ON e.oid = d.objid
                      WHERE d.classid = 'pg_event_trigger'::regclass AND e.evtname = r.name AND d.deptype = 'e')
         AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                        AND d.objid = 'sec_check.ddl_capture()'::regprocedure AND d.deptype = 'e') THEN
        EXECUTE format('ALTER EXTENSION sec_check ADD EVENT TRIGGER %I', r.name);
      END IF;
    END IF;
    v_want := v_enabled AND (r.event <> 'login' OR v_login);
    EXECUTE format('ALTER EVENT TRIGGER %I %s', r.name, CASE WHEN v_want THEN 'ENABLE ALWAYS' ELSE 'DISABLE' END);
    IF v_want THEN
      v_count := v_count + 1;
    END IF;
  END LOOP;
  RETURN v_count;
END
$fn$;
COMMENT ON FUNCTION sec_check.ddl_audit_sync() IS
  'Internal: creates missing DDL trail event triggers (extension members) and enables them (ALWAYS) or disables them as sec_check.ddl_audit_config says; returns how many fire. Called by ddl_audit_enable/disable and by the config row''s trigger (so a restore brings the trail back). Granted to nobody.';
REVOKE ALL ON FUNCTION sec_check.ddl_audit_sync() FROM PUBLIC;
