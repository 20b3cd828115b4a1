-- since: 0.2.0
-- The host agent (`sec-check run --store`) posts what only the host can see. A separate,
-- explicit grant: an auditor that runs in-database audits cannot post, and an agent's post
-- never replaces an in-database verdict of a SQL check.
CREATE OR REPLACE FUNCTION sec_check.grant_agent_access(p_role regrole)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  EXECUTE format('GRANT USAGE ON SCHEMA sec_check TO %s', p_role);
  EXECUTE format('GRANT EXECUTE ON FUNCTION sec_check.record_run(jsonb), sec_check.run_results(bigint),
      sec_check.report_json(bigint) TO %s', p_role);
  EXECUTE format('GRANT SELECT ON sec_check.latest_results, sec_check.runs, sec_check.results, sec_check.evidence_readers TO %s', p_role);
  PERFORM sec_check.grant_row_functions(p_role);
END
$$;

COMMENT ON FUNCTION sec_check.grant_agent_access(regrole) IS
  'Lets a role post host-agent results (sec-check run --store): only checks that need the host are kept, marked origin agent with posted_by. Run as the extension owner.';
