-- since: 0.2.0
-- After the results of a run are stored (one INSERT per run in record_run): update the
-- finding lifecycle, send the alert, apply the retention the extension owner set
-- (keep_days in sec_check.effective_config). The alert reaches listeners when the run's
-- transaction commits. Any role can LISTEN on any channel, so the payload is the run id
-- only; its details (scope, pack, counts, new findings) come from
-- sec_check.run_notification(id), which only roles granted read access may call.
-- Retention never comes from the posting session: a `SET sec_check.keep_days` there (any
-- role can) is reported and ignored.
CREATE OR REPLACE FUNCTION sec_check.on_results_stored()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_run  bigint;
  v_keep text := (SELECT e.value FROM sec_check.effective_config e WHERE e.name = 'keep_days');
  v_ignored text;
BEGIN
  -- Only runs being stored by sec_check.store_run (a restore copies history as it was).
  IF coalesce(current_setting('sec_check.storing_run', true), '') <> 'on' THEN
    RETURN NULL;
  END IF;
  FOR v_run IN SELECT DISTINCT run_id FROM sec_check_new_results ORDER BY run_id LOOP
    PERFORM sec_check.process_run(v_run);
    PERFORM pg_notify('sec_check', json_build_object('run_id', v_run)::text);
  END LOOP;
  v_ignored := sec_check.ignored_settings(ARRAY['keep_days']);
  IF v_ignored IS NOT NULL THEN
    RAISE WARNING 'sec_check: this setting is no longer read: %', v_ignored;
  END IF;
  -- configure() stores whole numbers only
  IF v_keep ~ '^[0-9]+$' AND v_keep::integer > 0 THEN
    PERFORM sec_check.purge(make_interval(days => v_keep::integer));
  END IF;
  RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION sec_check.on_results_stored() FROM PUBLIC;

COMMENT ON FUNCTION sec_check.on_results_stored() IS
  'Trigger function (AFTER INSERT ON sec_check.results, per statement): finding lifecycle, pg_notify(''sec_check'', {"run_id": id}) per run, retention by the keep_days setting (sec_check.configure).';
