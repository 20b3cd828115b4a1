-- since: 0.1.0
-- Result rows of one run. SECURITY INVOKER: row-level security on runs/results decides
-- whose evidence the caller may read (its own runs, or all with grant_evidence_access).
CREATE OR REPLACE FUNCTION sec_check.run_results(p_run_id bigint)
RETURNS SETOF sec_check.results
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$ SELECT * FROM sec_check.results WHERE run_id = p_run_id ORDER BY ordinal $$;

COMMENT ON FUNCTION sec_check.run_results(bigint) IS
  'Returns the stored results of one run, in check order, if the caller may read that run.';
