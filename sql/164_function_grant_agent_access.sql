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
  PERFORM sec_check.grant_privileges(p_role, ARRAY[
    'EXECUTE ON FUNCTION sec_check.record_run(jsonb), sec_check.run_results(bigint), sec_check.report_json(bigint)',
    'SELECT ON sec_check.latest_results, sec_check.runs, sec_check.results, sec_check.evidence_readers']
    || sec_check.verdict_reader_privileges());
END
$$;

COMMENT ON FUNCTION sec_check.grant_agent_access(regrole) IS
  'Lets a role post host-agent results (sec-check run --store): only checks that need the host are kept, marked origin agent with posted_by. Run as the extension owner.';
