-- since: 0.2.0
CREATE OR REPLACE FUNCTION sec_check.record_schedule_run(p_name text, p_run_id bigint)
RETURNS void
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  -- only the run this session just stored can be linked
  IF NOT EXISTS (SELECT 1 FROM sec_check.runs WHERE id = p_run_id AND posted_by = session_user) THEN
    RAISE EXCEPTION 'sec_check.record_schedule_run: run % was not stored by %', p_run_id, session_user;
  END IF;
  INSERT INTO sec_check.schedule_runs (run_id, schedule_name) VALUES (p_run_id, p_name)
  ON CONFLICT (run_id) DO NOTHING;
END
$$;

REVOKE ALL ON FUNCTION sec_check.record_schedule_run(text, bigint) FROM PUBLIC;

COMMENT ON FUNCTION sec_check.record_schedule_run(text, bigint) IS
  'Internal to sec_check.run_scheduled(): links a run stored by this session to the scheduled audit that produced it.';
