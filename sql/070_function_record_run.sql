-- since: 0.1.0
-- Stores what the host agent (`sec-check agent`, `sec-check run --store`) found. Granted only
-- through sec_check.grant_agent_access. An agent is trusted for the host checks it runs and
-- for nothing else, so the server decides what it takes from the document:
--   * a result is kept only when a stored pack with the document's report name defines a
--     check under the same section with the same check id (a pack without ids: the same
--     name) whose executors are all shell scripts; of its executors only the outputs of
--     that check's shell scripts are kept (script, kind, stdout, stderr, return_code,
--     error, duration_ms, or skipped), so no SQL rows (and no fix column) enter the tables.
--     Other results are dropped with a WARNING; when none is left the post is refused.
--   * a document that names a check twice, that was posted before (same sha256, by anyone),
--     or whose claimed run.finished_at is missing, more than 5 minutes ahead of the server's
--     clock, or not later than the poster's previous post (a replay or an older report) is
--     refused (sec_check.agent_posts keeps the digests and claimed times).
-- Times, run_by, posted_by and origin ('agent') are set by store_run, whatever the document says.
CREATE OR REPLACE FUNCTION sec_check.record_run(p_report jsonb)
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_kept    jsonb;
  v_refused jsonb;
  v_dup     text;
  v_digest  text;
  v_text    text := p_report #>> '{run,finished_at}';
  v_claimed timestamptz;
  v_last    timestamptz;
  v_run_id  bigint;
BEGIN
  IF jsonb_typeof(p_report) IS DISTINCT FROM 'object' OR jsonb_typeof(p_report -> 'results') IS DISTINCT FROM 'array'
     OR p_report ->> 'format' IS DISTINCT FROM 'sec_check-report' OR p_report ->> 'format_version' IS DISTINCT FROM '1' THEN
    RETURN sec_check.store_run(p_report, 'agent', session_user, statement_timestamp(), 'node', NULL, NULL); -- raises the format error
  END IF;
  WITH host_checks AS MATERIALIZED (
    -- checks of stored packs (with this report name) whose executors are all shell scripts
    SELECT s.key AS section, i ->> 'id' AS check_id, i ->> 'name' AS name, e.scripts
      FROM sec_check.packs p,
           jsonb_each(CASE WHEN jsonb_typeof(p.pack #> '{config,section}') = 'object' THEN p.pack #> '{config,section}' ELSE '{}' END) AS s(key, sec),
           jsonb_array_elements(CASE WHEN jsonb_typeof(s.sec -> 'items') = 'array' THEN s.sec -> 'items' ELSE '[]' END) AS i,
           LATERAL (SELECT array_agg(x ->> 'script') AS scripts, bool_and(lower(x ->> 'script') LIKE '%.sh') AS all_shell
                      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(i -> 'executors') = 'array' THEN i -> 'executors' ELSE '[]' END) AS x) AS e
     WHERE p.pack #>> '{config,report_name}' = p_report #>> '{report,report_name}'
       AND e.all_shell
  ), posted AS (
    SELECT r.ord, r.v,
           (SELECT h.scripts FROM host_checks h
             WHERE jsonb_typeof(r.v) = 'object' AND h.section = r.v ->> 'section'
               AND (h.check_id = r.v ->> 'check_id'
                    OR (h.check_id IS NULL AND r.v ->> 'check_id' IS NULL AND h.name = r.v ->> 'name'))
             LIMIT 1) AS scripts
      FROM jsonb_array_elements(p_report -> 'results') WITH ORDINALITY AS r(v, ord)
  ), cleaned AS (
    SELECT p.ord, p.v, p.scripts,
           (SELECT coalesce(jsonb_agg((SELECT jsonb_object_agg(k.key, k.value) FROM jsonb_each(x.e) AS k
                                        WHERE k.key IN ('script', 'kind', 'stdout', 'stderr', 'return_code', 'error', 'duration_ms', 'skipped'))
                                      ORDER BY x.n), '[]')
              FROM jsonb_array_elements(CASE WHEN jsonb_typeof(p.v -> 'executors') = 'array' THEN p.v -> 'executors' ELSE '[]' END)
                   WITH ORDINALITY AS x(e, n)
             WHERE jsonb_typeof(x.e) = 'object' AND x.e ->> 'kind' = 'shell' AND x.e ->> 'script' = ANY (p.scripts)) AS executors
      FROM posted p
  ), judged AS (
    SELECT c.*, CASE
             WHEN c.scripts IS NULL THEN 'no stored pack with this report name defines this section and check id as a host (shell-only) check'
             WHEN NOT EXISTS (SELECT 1 FROM jsonb_array_elements(c.executors) AS e WHERE NOT e ? 'skipped')
               THEN 'none of the check''s shell scripts ran'
           END AS refusal
      FROM cleaned c
  )
  SELECT coalesce(jsonb_agg(j.v || jsonb_build_object('executors', j.executors) ORDER BY j.ord) FILTER (WHERE j.refusal IS NULL), '[]'),
         coalesce(jsonb_agg(format('%s/%s: %s', j.v ->> 'section', coalesce(j.v ->> 'check_id', j.v ->> 'name'), j.refusal) ORDER BY j.ord)
                    FILTER (WHERE j.refusal IS NOT NULL), '[]')
    INTO v_kept, v_refused
    FROM judged j;
  IF jsonb_array_length(v_kept) = 0 THEN
    RAISE EXCEPTION 'sec_check.record_run: no host-check results to store (an agent posts only checks that a stored pack defines with shell executors only, under their own section; SQL checks are verified by sec_check.run())'
      USING DETAIL = left(v_refused::text, 2000);
  END IF;
  SELECT k.v ->> 'section' || '/' || coalesce(k.v ->> 'check_id', k.v ->> 'name') INTO v_dup
    FROM jsonb_array_elements(v_kept) AS k(v)
   GROUP BY 1 HAVING count(*) > 1 LIMIT 1;
  IF v_dup IS NOT NULL THEN
    RAISE EXCEPTION 'sec_check.record_run: check % appears more than once in the document; nothing stored', v_dup;
  END IF;

  -- The store lock (see store_run) from here to COMMIT: two posts of one document, or two
  -- reports of one poster, are checked one after the other.
  LOCK TABLE sec_check.runs IN SHARE ROW EXCLUSIVE MODE;
  v_digest := encode(sha256(convert_to(p_report::text, 'UTF8')), 'hex');
  IF EXISTS (SELECT 1 FROM sec_check.agent_posts a WHERE a.digest = v_digest) THEN
    RAISE EXCEPTION 'sec_check.record_run: this document was posted before (sha256 %...); a replay is not stored', left(v_digest, 16);
  END IF;
  IF v_text ~ '^\d{4}-\d\d-\d\d[T ]\d\d:\d\d' THEN
    BEGIN
      v_claimed := v_text::timestamptz;
    EXCEPTION WHEN OTHERS THEN
      v_claimed := NULL;
    END;
  END IF;
  IF v_claimed IS NULL THEN
    RAISE EXCEPTION 'sec_check.record_run: run.finished_at must say when the report was made (an ISO 8601 time), found %', coalesce(quote_literal(v_text), 'nothing');
  END IF;
  IF v_claimed > clock_timestamp() + interval '5 minutes' THEN
    RAISE EXCEPTION 'sec_check.record_run: run.finished_at % is ahead of the server''s clock (%); check the clock of the agent''s host', v_claimed, clock_timestamp();
  END IF;
  SELECT max(a.claimed_finished_at) INTO v_last FROM sec_check.agent_posts a WHERE a.posted_by = session_user;
  IF v_claimed <= v_last THEN
    RAISE EXCEPTION 'sec_check.record_run: run.finished_at % is not later than % of the last report % posted; a replay or an older report is not stored', v_claimed, v_last, session_user;
  END IF;

  IF jsonb_array_length(v_refused) > 0 THEN
    RAISE WARNING 'sec_check.record_run: % result(s) not stored: %', jsonb_array_length(v_refused),
      (SELECT string_agg(x, '; ') FROM (SELECT x FROM jsonb_array_elements_text(v_refused) AS x LIMIT 5) AS f);
  END IF;
  v_run_id := sec_check.store_run(jsonb_set(p_report, '{results}', v_kept), 'agent', session_user, statement_timestamp(), 'node', NULL, NULL);
  INSERT INTO sec_check.agent_posts (digest, posted_by, claimed_finished_at, run_id)
  VALUES (v_digest, session_user, v_claimed, v_run_id);
  RETURN v_run_id;
END
$$;

COMMENT ON FUNCTION sec_check.record_run(jsonb) IS
  'Host agent posts (sec-check agent / run --store; grant with sec_check.grant_agent_access): stores, as origin agent with server-set times, run_by and posted_by, only results of checks a stored pack defines as shell-only under the same section and id, with their shell outputs only; refuses replays (same document, or a claimed finish time not after the poster''s last); returns the run id.';
