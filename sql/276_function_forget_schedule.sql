-- since: 0.2.0
CREATE OR REPLACE FUNCTION sec_check.forget_schedule(p_name text)
RETURNS boolean
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_jobid bigint;
  v_alive boolean;
BEGIN
  SELECT jobid INTO v_jobid FROM sec_check.scheduled_audits WHERE name = p_name;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  EXECUTE 'SELECT EXISTS (SELECT 1 FROM cron.job WHERE jobid = $1)' INTO v_alive USING v_jobid;
  IF v_alive THEN
    RAISE EXCEPTION 'sec_check.forget_schedule: pg_cron job % of "%" still exists', v_jobid, p_name;
  END IF;
  DELETE FROM sec_check.scheduled_audits WHERE name = p_name;
  RETURN true;
END
$$;

REVOKE ALL ON FUNCTION sec_check.forget_schedule(text) FROM PUBLIC;

COMMENT ON FUNCTION sec_check.forget_schedule(text) IS
  'Internal to sec_check.unschedule(): drops the bookkeeping of a scheduled audit once its pg_cron job is gone.';
