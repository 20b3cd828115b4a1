-- since: 0.4.0
-- Removes sec_check's pg_cron jobs together with the extension (sec_check.on_drop_extension).
-- Not named sec_check_*: the DDL trail treats every event trigger of that name that does
-- not run its capture function as tampering.
CREATE EVENT TRIGGER cron_jobs_of_sec_check ON ddl_command_start
  WHEN TAG IN ('DROP EXTENSION')
  EXECUTE FUNCTION sec_check.on_drop_extension();

COMMENT ON EVENT TRIGGER cron_jobs_of_sec_check IS
  'Removes the pg_cron jobs of sec_check.schedule() when DROP EXTENSION drops sec_check (sec_check.on_drop_extension).';
