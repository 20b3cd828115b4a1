-- since: 0.2.0
-- SECURITY INVOKER on purpose: pg_cron runs a job as the role that called cron.schedule, so
-- the audit runs with the scheduling role's privileges, never the extension owner's.
CREATE OR REPLACE FUNCTION sec_check.schedule(p_name text, p_cron text, p_groups text[] DEFAULT NULL,
                                              p_locale text DEFAULT 'en', p_pack text DEFAULT 'builtin')
RETURNS bigint
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_jobid bigint;
BEGIN
  PERFORM sec_check.require_pg_cron();
  IF p_name IS NULL OR p_name !~ '^[A-Za-z0-9_.-]{1,50}$' THEN
    RAISE EXCEPTION 'sec_check.schedule: invalid name "%"', p_name
      USING HINT = 'Use 1 to 50 letters, digits, ".", "_" or "-".';
  END IF;
  IF coalesce(btrim(p_cron), '') = '' THEN
    RAISE EXCEPTION 'sec_check.schedule: p_cron is empty'
      USING HINT = 'A cron expression such as ''0 3 * * *'', or ''30 seconds''.';
  END IF;
  PERFORM sec_check.pack_for_run(p_pack); -- an unknown pack fails now, not at 3 a.m.
  EXECUTE 'SELECT cron.schedule($1, $2, $3)' INTO v_jobid
    USING 'sec_check:' || p_name, p_cron,
          format('SELECT sec_check.run_scheduled(%L, %L::text[], %L, %L)', p_name, p_groups, p_locale, p_pack);
  PERFORM sec_check.register_schedule(p_name, p_cron, p_groups, p_locale, p_pack, v_jobid);
  RETURN v_jobid;
END
$$;

REVOKE ALL ON FUNCTION sec_check.schedule(text, text, text[], text, text) FROM PUBLIC;

COMMENT ON FUNCTION sec_check.schedule(text, text, text[], text, text) IS
  'Schedules sec_check.run(p_groups, p_locale, p_pack) with pg_cron (job "sec_check:<name>", run as the calling role in its own connection); returns the pg_cron job id. Scheduling the same name again replaces it.';
