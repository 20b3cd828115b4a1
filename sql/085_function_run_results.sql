-- since: 0.1.0
-- Result rows of one run, for callers that may run audits but not read every stored run.
CREATE OR REPLACE FUNCTION sec_check.run_results(p_run_id bigint)
RETURNS SETOF sec_check.results
LANGUAGE sql STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$ SELECT * FROM sec_check.results WHERE run_id = p_run_id ORDER BY ordinal $$;

COMMENT ON FUNCTION sec_check.run_results(bigint) IS
  'Returns the stored results of one run, in check order.';
