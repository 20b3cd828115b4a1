-- since: 0.4.0
-- A written config row puts the event triggers in step: this is how a pg_dump restore
-- (which loads the row but not the extension's event triggers' state) gets its trail back.
-- ALWAYS: also when session_replication_role = replica (pg_restore --disable-triggers aside,
-- which skips every trigger and leaves the check to report the trail as not firing).
CREATE TRIGGER ddl_audit_config_sync
  AFTER INSERT OR UPDATE ON sec_check.ddl_audit_config
  FOR EACH ROW EXECUTE FUNCTION sec_check.ddl_audit_config_changed();
ALTER TABLE sec_check.ddl_audit_config ENABLE ALWAYS TRIGGER ddl_audit_config_sync;
COMMENT ON TRIGGER ddl_audit_config_sync ON sec_check.ddl_audit_config IS
  'Puts the DDL trail''s event triggers in step with the config row (sec_check.ddl_audit_sync), also when a restore loads it.';
