-- since: 0.2.0
CREATE OR REPLACE VIEW sec_check.schedules AS
SELECT * FROM sec_check.schedule_status();

COMMENT ON VIEW sec_check.schedules IS
  'Scheduled audits (sec_check.schedule): name, cron schedule, groups, the role the job runs as, last stored run (id, time, score), last pg_cron job status and message, runs stored, next due time when pg_cron''s schedule makes it known.';
COMMENT ON COLUMN sec_check.schedules.name IS 'Name of the scheduled audit.';
COMMENT ON COLUMN sec_check.schedules.cron_schedule IS 'pg_cron schedule.';
COMMENT ON COLUMN sec_check.schedules.groups IS 'Groups it runs (NULL: all).';
COMMENT ON COLUMN sec_check.schedules.locale IS 'Language of the texts.';
COMMENT ON COLUMN sec_check.schedules.pack IS 'Stored pack it runs.';
COMMENT ON COLUMN sec_check.schedules.owner IS 'Role the job runs as.';
COMMENT ON COLUMN sec_check.schedules.jobid IS 'pg_cron job id.';
COMMENT ON COLUMN sec_check.schedules.active IS 'Whether pg_cron has the job active (NULL without pg_cron).';
COMMENT ON COLUMN sec_check.schedules.last_run_id IS 'Latest run it stored.';
COMMENT ON COLUMN sec_check.schedules.last_run_finished_at IS 'When that run finished.';
COMMENT ON COLUMN sec_check.schedules.last_run_score IS 'Score of that run.';
COMMENT ON COLUMN sec_check.schedules.last_job_status IS 'Status of the latest pg_cron job run.';
COMMENT ON COLUMN sec_check.schedules.last_job_started_at IS 'When it started.';
COMMENT ON COLUMN sec_check.schedules.last_job_message IS 'Its return message.';
COMMENT ON COLUMN sec_check.schedules.runs_stored IS 'Runs it has stored.';
COMMENT ON COLUMN sec_check.schedules.next_due IS 'Next start, when pg_cron''s schedule makes it known (interval schedules).';
