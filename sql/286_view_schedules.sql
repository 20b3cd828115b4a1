-- since: 0.2.0
CREATE OR REPLACE VIEW sec_check.schedules AS
SELECT * FROM sec_check.schedule_status();

COMMENT ON VIEW sec_check.schedules IS
  'Scheduled audits (sec_check.schedule): name, cron schedule, groups, the role the job runs as, last stored run (id, time, score), last pg_cron job status and message, runs stored, next due time when pg_cron''s schedule makes it known.';
