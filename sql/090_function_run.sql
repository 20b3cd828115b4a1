-- since: 0.1.0
-- The in-database audit: run the pack's checks with the caller's privileges (so a role
-- that cannot read something gets "could not verify", never a pass), store, return rows.
CREATE OR REPLACE FUNCTION sec_check.run(p_groups text[] DEFAULT NULL, p_locale text DEFAULT 'en', p_pack text DEFAULT 'builtin')
RETURNS TABLE (run_id bigint, section text, check_id text, check_name text, severity text,
               status text, skip_reason text, short_description text, full_description text,
               recommendation text, duration_ms double precision)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_report  jsonb;
  v_run_id  bigint;
  v_seconds text := current_setting('sec_check.max_run_seconds', true);
BEGIN
  -- pljs swallows SIGINT/SIGTERM in every backend that loads it: say so where the DBA looks.
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
              WHERE p.oid = 'sec_check.engine(jsonb)'::pg_catalog.regprocedure AND l.lanname = 'pljs') THEN
    RAISE NOTICE 'sec_check runs on pljs: from now on this session ignores query cancellation, statement_timeout and pg_terminate_backend'
      USING HINT = 'Disconnect when the audit is done (pg_cron does this for you), or install plv8 and reinstall sec_check.';
  END IF;
  v_report := sec_check.engine(jsonb_build_object(
    'op', 'run',
    'pack', sec_check.pack_for_run(p_pack),
    'groups', to_jsonb(p_groups),
    'locale', p_locale,
    'deadline_ms', CASE WHEN coalesce(v_seconds, '') = '' THEN 300000
                        ELSE (v_seconds::numeric * 1000)::bigint END,
    'build_id', sec_check.build_id()));
  IF v_report ? 'sec_check_error' THEN
    RAISE EXCEPTION '%', v_report ->> 'sec_check_error';
  END IF;
  v_run_id := sec_check.record_run(v_report);
  RETURN QUERY
    SELECT r.run_id, r.section, r.check_id, r.check_name, r.severity, r.status, r.skip_reason,
           r.short_description, r.full_description, r.recommendation, r.duration_ms
      FROM sec_check.run_results(v_run_id) AS r;
END
$$;

COMMENT ON FUNCTION sec_check.run(text[], text, text) IS
  'Runs a sec_check audit inside the database (all groups, or the given ones), stores it in sec_check.runs/results and returns its results. Checks run with the caller''s privileges. sec_check.max_run_seconds (default 300) bounds the run.';

CREATE OR REPLACE FUNCTION sec_check.run(p_group text, p_locale text DEFAULT 'en', p_pack text DEFAULT 'builtin')
RETURNS TABLE (run_id bigint, section text, check_id text, check_name text, severity text,
               status text, skip_reason text, short_description text, full_description text,
               recommendation text, duration_ms double precision)
LANGUAGE sql
SET search_path = pg_catalog, pg_temp
AS $$ SELECT * FROM sec_check.run(CASE WHEN p_group IS NOT NULL THEN ARRAY[p_group] END, p_locale, p_pack) $$;

COMMENT ON FUNCTION sec_check.run(text, text, text) IS
  'Runs one group of checks: SELECT * FROM sec_check.run(''connections''); NULL runs all groups.';
