-- since: 0.2.0
-- SECURITY INVOKER: pg_cron only lets a role remove its own jobs (superusers any).
CREATE OR REPLACE FUNCTION sec_check.unschedule(p_name text)
RETURNS boolean
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM sec_check.require_pg_cron();
  -- pg_cron raises "could not find valid entry for job" when the caller owns no such job
  EXECUTE 'SELECT cron.unschedule($1)' USING 'sec_check:' || p_name;
  RETURN sec_check.forget_schedule(p_name);
END
$$;

REVOKE ALL ON FUNCTION sec_check.unschedule(text) FROM PUBLIC;

COMMENT ON FUNCTION sec_check.unschedule(text) IS
  'Removes a scheduled audit: its pg_cron job (only the owner or a superuser can) and its entry in sec_check.schedules. Stored runs stay.';
