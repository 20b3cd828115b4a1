-- since: 0.2.0
-- Removes the trail's event triggers: those running sec_check.ddl_capture and any left with
-- one of its names. An extension member must leave the extension before it can be dropped.
-- Since 0.4.0 the triggers belong to the extension from the install on and are enabled or
-- disabled (sec_check.ddl_audit_sync), so nothing calls this any more; it is kept for hand
-- cleanup (ddl_audit_enable() creates them again).
CREATE OR REPLACE FUNCTION sec_check.ddl_audit_drop_triggers()
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_name name;
  v_count integer := 0;
BEGIN
  FOR v_name IN
    SELECT t.evtname FROM pg_event_trigger t
     WHERE t.evtfoid = 'sec_check.ddl_capture()'::regprocedure
        OR t.evtname IN ('sec_check_ddl_command_end', 'sec_check_sql_drop', 'sec_check_table_rewrite', 'sec_check_login')
  LOOP
    IF EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_event_trigger'::regclass
                 AND d.objid = (SELECT oid FROM pg_event_trigger WHERE evtname = v_name) AND d.deptype = 'e') THEN
      EXECUTE format('ALTER EXTENSION sec_check DROP EVENT TRIGGER %I', v_name);
    END IF;
    EXECUTE format('DROP EVENT TRIGGER %I', v_name);
    v_count := v_count + 1;
  END LOOP;
  RETURN v_count;
END
$$;
COMMENT ON FUNCTION sec_check.ddl_audit_drop_triggers() IS
  'Drops the DDL trail''s event triggers (hand cleanup; ddl_audit_enable creates them again); returns how many. Superuser only.';
