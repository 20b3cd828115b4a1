-- since: 0.2.0
-- Stops the trail: its event triggers stay (members of the extension) but are disabled.
-- Event triggers do not fire on ALTER EVENT TRIGGER, so the stop itself is written into the
-- trail by hand, as the last row before the gap.
CREATE OR REPLACE FUNCTION sec_check.ddl_audit_disable()
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_opts jsonb;
  v_count integer;
BEGIN
  IF NOT coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = current_user), false) THEN
    RAISE EXCEPTION 'sec_check.ddl_audit_disable: only a superuser can disable event triggers (current user is %)', current_user;
  END IF;
  SELECT options INTO v_opts FROM sec_check.ddl_audit_config WHERE singleton;
  SELECT count(*) INTO v_count FROM pg_event_trigger t
   WHERE t.evtfoid = 'sec_check.ddl_capture()'::regprocedure AND t.evtenabled <> 'D';
  UPDATE sec_check.ddl_audit_config SET enabled = false, changed_at = now(), changed_by = session_user WHERE singleton;
  PERFORM sec_check.ddl_audit_sync();
  PERFORM sec_check.ddl_log_append('sec_check', 'DDL AUDIT DISABLE', 'event trigger', NULL, NULL, NULL,
                                   format('%s event triggers disabled', v_count), false, coalesce(v_opts ->> 'notify', 'id'));
  RETURN v_count;
END
$$;
COMMENT ON FUNCTION sec_check.ddl_audit_disable() IS
  'Stops the DDL trail in this database (disables its event triggers, records the stop in the trail); returns the number of triggers that fired before. Superuser only. The trail itself is kept.';
