-- since: 0.2.0
-- Behind the sec_check.schedules view. A function so that the view exists (and works,
-- with empty pg_cron columns) in a database without pg_cron; cron.* is read dynamically.
CREATE OR REPLACE FUNCTION sec_check.schedule_status()
RETURNS TABLE (name text, cron_schedule text, groups text[], locale text, pack text, owner name,
               jobid bigint, active boolean, last_run_id bigint, last_run_finished_at timestamptz,
               last_run_score numeric, last_job_status text, last_job_started_at timestamptz,
               last_job_message text, runs_stored bigint, next_due timestamptz)
LANGUAGE plpgsql STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
  v_cron boolean := EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_cron');
  v_a    sec_check.scheduled_audits;
BEGIN
  FOR v_a IN SELECT * FROM sec_check.scheduled_audits ORDER BY name LOOP
    name := v_a.name; cron_schedule := v_a.cron_schedule; groups := v_a.groups;
    locale := v_a.locale; pack := v_a.pack; owner := v_a.owner; jobid := v_a.jobid;
    SELECT sr.run_id, rs.finished_at, rs.score
      INTO last_run_id, last_run_finished_at, last_run_score
      FROM sec_check.schedule_runs sr
      JOIN sec_check.run_summary rs ON rs.run_id = sr.run_id
     WHERE sr.schedule_name = v_a.name
     ORDER BY sr.run_id DESC LIMIT 1;
    SELECT count(*) INTO runs_stored FROM sec_check.schedule_runs sr WHERE sr.schedule_name = v_a.name;
    active := NULL; last_job_status := NULL; last_job_started_at := NULL; last_job_message := NULL;
    next_due := NULL;
    IF v_cron THEN
      EXECUTE 'SELECT active FROM cron.job WHERE jobid = $1' INTO active USING v_a.jobid;
      EXECUTE 'SELECT status, start_time, return_message FROM cron.job_run_details
                WHERE jobid = $1 ORDER BY runid DESC LIMIT 1'
        INTO last_job_status, last_job_started_at, last_job_message USING v_a.jobid;
      -- pg_cron does not expose the next run; it is known for interval schedules
      IF v_a.cron_schedule ~ '^\s*[0-9]+\s+seconds?\s*$' THEN
        next_due := coalesce(last_job_started_at, now())
                    + make_interval(secs => substring(v_a.cron_schedule FROM '[0-9]+')::integer);
      END IF;
    END IF;
    RETURN NEXT;
  END LOOP;
END
$$;

REVOKE ALL ON FUNCTION sec_check.schedule_status() FROM PUBLIC;

COMMENT ON FUNCTION sec_check.schedule_status() IS
  'Rows of sec_check.schedules: each scheduled audit with its latest stored run and pg_cron job status (empty pg_cron columns when pg_cron is not installed).';
