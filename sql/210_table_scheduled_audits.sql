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
