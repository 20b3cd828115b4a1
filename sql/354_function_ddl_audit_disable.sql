-- since: 0.2.0
-- Stops the trail. Event triggers do not fire on DROP EVENT TRIGGER, so the stop itself is
-- written into the trail by hand, as the last row before the gap.
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
    RAISE EXCEPTION 'sec_check.ddl_audit_disable: only a superuser can drop event triggers (current user is %)', current_user;
  END IF;
  SELECT options INTO v_opts FROM sec_check.ddl_audit_config WHERE singleton;
  UPDATE sec_check.ddl_audit_config SET enabled = false, changed_at = now(), changed_by = session_user WHERE singleton;
  v_count := sec_check.ddl_audit_drop_triggers();
  PERFORM sec_check.ddl_log_append('sec_check', 'DDL AUDIT DISABLE', 'event trigger', NULL, NULL, NULL,
                                   format('%s event triggers dropped', v_count), false, coalesce(v_opts ->> 'notify', 'id'));
  RETURN v_count;
END
$$;
COMMENT ON FUNCTION sec_check.ddl_audit_disable() IS
  'Stops the DDL trail in this database (drops its event triggers, records the stop in the trail); returns the number of triggers dropped. Superuser only. The trail itself is kept.';
