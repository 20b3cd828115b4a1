-- since: 0.4.0
-- Removes sec_check's pg_cron jobs together with the extension (sec_check.on_drop_extension).
CREATE EVENT TRIGGER sec_check_drop_extension ON ddl_command_start
  WHEN TAG IN ('DROP EXTENSION')
  EXECUTE FUNCTION sec_check.on_drop_extension();

COMMENT ON EVENT TRIGGER sec_check_drop_extension IS
  'Removes the pg_cron jobs of sec_check.schedule() when DROP EXTENSION drops sec_check (sec_check.on_drop_extension).';
