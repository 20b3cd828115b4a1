-- since: 0.2.0
-- After the results of a run are stored (one INSERT per run in record_run): update the
-- finding lifecycle, send the alert, apply sec_check.keep_days. The alert reaches
-- listeners when the run's transaction commits. Any role can LISTEN on any channel, so the
-- payload is the run id only; its details (scope, pack, counts, new findings) come from
-- sec_check.run_notification(id), which only roles granted read access may call.
CREATE OR REPLACE FUNCTION sec_check.on_results_stored()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_run  bigint;
  v_keep text := current_setting('sec_check.keep_days', true);
BEGIN
  -- Only runs being stored by sec_check.store_run (a restore copies history as it was).
  IF coalesce(current_setting('sec_check.storing_run', true), '') <> 'on' THEN
    RETURN NULL;
  END IF;
  FOR v_run IN SELECT DISTINCT run_id FROM sec_check_new_results ORDER BY run_id LOOP
    PERFORM sec_check.process_run(v_run);
    PERFORM pg_notify('sec_check', json_build_object('run_id', v_run)::text);
  END LOOP;
  IF coalesce(btrim(v_keep), '') <> '' THEN
    IF v_keep !~ '^\s*[0-9]+\s*$' THEN
      RAISE WARNING 'sec_check.keep_days must be a whole number of days, got "%"; nothing purged', v_keep;
    ELSIF v_keep::integer > 0 THEN
      PERFORM sec_check.purge(make_interval(days => v_keep::integer));
    END IF;
  END IF;
  RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION sec_check.on_results_stored() FROM PUBLIC;

COMMENT ON FUNCTION sec_check.on_results_stored() IS
  'Trigger function (AFTER INSERT ON sec_check.results, per statement): finding lifecycle, pg_notify(''sec_check'', {"run_id": id}) per run, retention by sec_check.keep_days.';
