-- since: 0.2.0
-- What sec_check.schedule() registered; the job itself lives in pg_cron's cron.job.
CREATE TABLE sec_check.scheduled_audits (
  name          text PRIMARY KEY,
  cron_schedule text NOT NULL,
  groups        text[],
  locale        text NOT NULL,
  pack          text NOT NULL,
  owner         name NOT NULL,
  jobid         bigint NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE sec_check.scheduled_audits IS
  'Audits scheduled with sec_check.schedule(): name, cron schedule, run() arguments, the role the pg_cron job runs as, and its pg_cron job id.';

SELECT pg_catalog.pg_extension_config_dump('sec_check.scheduled_audits', '');
COMMENT ON COLUMN sec_check.scheduled_audits.name IS 'Name of the scheduled audit (the pg_cron job is sec_check:<name>).';
COMMENT ON COLUMN sec_check.scheduled_audits.cron_schedule IS 'pg_cron schedule.';
COMMENT ON COLUMN sec_check.scheduled_audits.groups IS 'Groups it runs (NULL: all).';
COMMENT ON COLUMN sec_check.scheduled_audits.locale IS 'Language of the texts.';
COMMENT ON COLUMN sec_check.scheduled_audits.pack IS 'Stored pack it runs.';
COMMENT ON COLUMN sec_check.scheduled_audits.owner IS 'Role the job runs as.';
COMMENT ON COLUMN sec_check.scheduled_audits.jobid IS 'pg_cron job id.';
COMMENT ON COLUMN sec_check.scheduled_audits.created_at IS 'When it was scheduled.';
