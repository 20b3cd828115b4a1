-- since: 0.2.0
-- Which stored run a scheduled job produced (written by sec_check.run_scheduled).
CREATE TABLE sec_check.schedule_runs (
  run_id        bigint PRIMARY KEY REFERENCES sec_check.runs (id) ON DELETE CASCADE,
  schedule_name text NOT NULL
);

CREATE INDEX schedule_runs_name_idx ON sec_check.schedule_runs (schedule_name, run_id);
COMMENT ON INDEX sec_check.schedule_runs_name_idx IS 'Latest run of each scheduled audit.';

COMMENT ON TABLE sec_check.schedule_runs IS
  'Links stored runs to the scheduled audit (sec_check.scheduled_audits.name) whose pg_cron job produced them.';

SELECT pg_catalog.pg_extension_config_dump('sec_check.schedule_runs', '');
COMMENT ON COLUMN sec_check.schedule_runs.run_id IS 'The stored run.';
COMMENT ON COLUMN sec_check.schedule_runs.schedule_name IS 'The scheduled audit (scheduled_audits.name) that produced it.';
