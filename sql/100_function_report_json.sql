-- since: 0.1.0
-- Rebuilds the report document of a stored run, so scheduled in-database runs get the
-- same JSON/HTML reports as the CLI (`sec-check report --run <id>`), each result with its
-- priority (sec_check.priority, as the engine computes it). SECURITY INVOKER:
-- the evidence it returns is subject to row-level security (own runs or grant_evidence_access).
CREATE OR REPLACE FUNCTION sec_check.report_json(p_run_id bigint)
RETURNS jsonb
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT jsonb_set(r.report, '{run,id}', to_jsonb(r.id))
         || jsonb_build_object('results', coalesce((
              SELECT jsonb_agg(jsonb_build_object(
                       'section', x.section, 'check_id', x.check_id, 'name', x.check_name,
                       'description', x.description, 'severity', x.severity, 'cis', x.cis,
                       'status', x.status, 'skip_reason', x.skip_reason,
                       'short_description', x.short_description,
                       'full_description', x.full_description,
                       'recommendation', x.recommendation, 'executors', x.raw,
                       'duration_ms', x.duration_ms,
                       'priority', sec_check.priority(x.status, x.severity, sec_check.result_exposure(x.raw))) ORDER BY x.ordinal)
                FROM sec_check.results x WHERE x.run_id = r.id), '[]'::jsonb))
    FROM sec_check.runs r
   WHERE r.id = p_run_id
$$;

COMMENT ON FUNCTION sec_check.report_json(bigint) IS
  'Returns the report document (format_version 1) of a stored run, or NULL when there is no such run or the caller may not read it.';
