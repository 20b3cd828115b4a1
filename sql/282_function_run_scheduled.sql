-- since: 0.2.0
-- What a pg_cron job of sec_check.schedule() executes. SECURITY INVOKER: it audits with the
-- job owner's privileges.
CREATE OR REPLACE FUNCTION sec_check.run_scheduled(p_name text, p_groups text[], p_locale text, p_pack text)
RETURNS bigint
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_run_id bigint;
BEGIN
  SELECT max(r.run_id) INTO v_run_id FROM sec_check.run(p_groups, p_locale, p_pack) r;
  IF v_run_id IS NOT NULL THEN
    PERFORM sec_check.record_schedule_run(p_name, v_run_id);
  END IF;
  RETURN v_run_id;
END
$$;

REVOKE ALL ON FUNCTION sec_check.run_scheduled(text, text[], text, text) FROM PUBLIC;

COMMENT ON FUNCTION sec_check.run_scheduled(text, text[], text, text) IS
  'Runs a scheduled audit (called by its pg_cron job) and links the stored run to the schedule; returns the run id.';
