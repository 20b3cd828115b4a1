-- since: 0.1.0
-- Stores what the host agent (`sec-check run --store`) found. Granted only through
-- sec_check.grant_agent_access. The agent can add what the database cannot see itself, so
-- the server keeps only results of checks that need the host (a shell executor that ran)
-- and drops any result for a check that a stored pack defines with SQL executors only:
-- those verdicts come from sec_check.run(). Times, run_by, posted_by and origin ('agent')
-- are set here, whatever the document says.
CREATE OR REPLACE FUNCTION sec_check.record_run(p_report jsonb)
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_kept jsonb;
BEGIN
  IF jsonb_typeof(p_report) IS DISTINCT FROM 'object' OR jsonb_typeof(p_report -> 'results') IS DISTINCT FROM 'array' THEN
    RETURN sec_check.store_run(p_report, 'agent', session_user, statement_timestamp(), 'node', NULL, NULL); -- raises the format error
  END IF;
  WITH sql_only AS (
    -- checks of stored packs that have executors and none of them a shell script
    SELECT s.key AS section, i ->> 'id' AS check_id, i ->> 'name' AS name
      FROM sec_check.packs p,
           jsonb_each(CASE WHEN jsonb_typeof(p.pack #> '{config,section}') = 'object' THEN p.pack #> '{config,section}' ELSE '{}' END) AS s(key, sec),
           jsonb_array_elements(CASE WHEN jsonb_typeof(s.sec -> 'items') = 'array' THEN s.sec -> 'items' ELSE '[]' END) AS i
     WHERE jsonb_typeof(i -> 'executors') = 'array' AND jsonb_array_length(i -> 'executors') > 0
       AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(i -> 'executors') e WHERE lower(e ->> 'script') LIKE '%.sh')
  )
  SELECT coalesce(jsonb_agg(r.v ORDER BY r.ord), '[]') INTO v_kept
    FROM jsonb_array_elements(p_report -> 'results') WITH ORDINALITY AS r(v, ord)
   WHERE jsonb_typeof(r.v -> 'executors') = 'array'
     AND EXISTS (SELECT 1 FROM jsonb_array_elements(r.v -> 'executors') e
                  WHERE e ->> 'kind' = 'shell' AND NOT e ? 'skipped')
     AND NOT EXISTS (SELECT 1 FROM sql_only q
                      WHERE q.section = r.v ->> 'section'
                        AND (q.check_id = r.v ->> 'check_id' OR q.name = r.v ->> 'name'));
  IF jsonb_array_length(v_kept) = 0 THEN
    RAISE EXCEPTION 'sec_check.record_run: no host-check results to store (an agent posts only checks with shell executors; SQL checks are verified by sec_check.run())';
  END IF;
  RETURN sec_check.store_run(jsonb_set(p_report, '{results}', v_kept), 'agent', session_user, statement_timestamp(), 'node', NULL, NULL);
END
$$;

COMMENT ON FUNCTION sec_check.record_run(jsonb) IS
  'Host agent posts (sec-check run --store; grant with sec_check.grant_agent_access): stores only results of checks that need the host, as origin agent, with server-set times, run_by and posted_by; returns the run id.';
