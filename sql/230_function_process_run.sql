-- since: 0.2.0
-- Folds one stored run into the finding lifecycle (check_state) and writes its counts
-- (run_stats). Called by the results trigger once per run, in run order.
--   failing now, never failed or fixed before -> open / reopened (a new finding)
--   failing now, open before                  -> consecutive_runs + 1
--   passing now (Success/Info), open before   -> fixed
--   Skipped, or not in this run               -> unchanged (never counts as fixed)
-- A run older than the state it would update (an agent posting late) changes nothing,
-- except that an evaluated verdict always replaces a Skipped one. A check that was never
-- evaluated keeps its newest Skipped verdict, so the current state lists every check.
-- Last, the run's state_score and state_scores: the current-state score once this run is
-- folded in, overall and per group.
CREATE OR REPLACE FUNCTION sec_check.process_run(p_run_id bigint)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_run       sec_check.runs;
  v_at        timestamptz;
  v_scope     text;
  v_pack      text;
BEGIN
  SELECT * INTO v_run FROM sec_check.runs r WHERE r.id = p_run_id;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  v_at := v_run.finished_at;
  SELECT s.scope, s.pack INTO v_scope, v_pack FROM sec_check.run_scope(v_run.report) s;

  -- One statement: every part sees check_state as it was before this run.
  WITH cur AS (
    SELECT x.ordinal, coalesce(x.check_id, x.section || '/' || x.check_name) AS check_key,
           x.section, x.check_id, x.check_name, x.severity, x.status, x.short_description,
           x.recommendation, coalesce(sec_check.status_rank(x.status) > 0, false) AS failing,
           x.skip_reason, sec_check.result_exposure(x.raw) AS exposure
      FROM sec_check.results x
     WHERE x.run_id = p_run_id
  ), judged AS (
    SELECT c.*, c.failing AND EXISTS (
             SELECT 1 FROM sec_check.active_waivers w
              WHERE w.check_id IN (c.check_id, c.check_name, c.check_key)
                AND (w.scope IS NULL OR w.scope = v_scope)) AS waived,
           s.finding_state AS prev_state, s.last_status AS prev_status,
           s.last_checked_at AS prev_checked_at
      FROM cur c
      LEFT JOIN sec_check.check_state s
        ON s.scope = v_scope AND s.pack = v_pack AND s.check_key = c.check_key
  ), stats AS (
    INSERT INTO sec_check.run_stats (run_id, scope, pack, started_at, finished_at, origin, runtime,
                                     run_by, groups, server_version, success, info, warning, error,
                                     failed, skipped, waived, new_findings, regressions)
    SELECT p_run_id, v_scope, v_pack, v_run.started_at, v_run.finished_at, v_run.origin,
           v_run.runtime, v_run.run_by, v_run.groups, v_run.server_version,
           count(*) FILTER (WHERE status = 'Success'), count(*) FILTER (WHERE status = 'Info'),
           count(*) FILTER (WHERE status = 'Warning'), count(*) FILTER (WHERE status = 'Error'),
           count(*) FILTER (WHERE status = 'Failed'), count(*) FILTER (WHERE status = 'Skipped'),
           count(*) FILTER (WHERE waived),
           coalesce(array_agg(check_key ORDER BY ordinal)
                      FILTER (WHERE failing AND NOT waived
                                AND (prev_checked_at IS NULL OR prev_checked_at <= v_at OR prev_status = 'Skipped')
                                AND (prev_state IS NULL OR prev_state = 'fixed')), '{}'),
           coalesce(array_agg(check_key ORDER BY ordinal)
                      FILTER (WHERE failing AND NOT waived AND prev_checked_at <= v_at
                                AND prev_state IN ('open', 'reopened')
                                AND sec_check.status_rank(status) > sec_check.status_rank(prev_status)), '{}')
      FROM judged
    ON CONFLICT (run_id) DO NOTHING
  )
  INSERT INTO sec_check.check_state AS s
         (scope, pack, check_key, section, check_id, check_name, severity, last_status, last_run_id,
          last_checked_at, short_description, recommendation, finding_state, first_seen,
          first_run_id, last_seen, last_failing_run_id, consecutive_runs, skip_reason, exposure)
  SELECT v_scope, v_pack, c.check_key, c.section, c.check_id, c.check_name, c.severity, c.status,
         p_run_id, v_at, c.short_description, c.recommendation,
         CASE WHEN c.failing THEN 'open' END,
         CASE WHEN c.failing THEN v_at END, CASE WHEN c.failing THEN p_run_id END,
         CASE WHEN c.failing THEN v_at END, CASE WHEN c.failing THEN p_run_id END,
         CASE WHEN c.failing THEN 1 ELSE 0 END, c.skip_reason, c.exposure
    FROM cur c
   WHERE c.status <> 'Skipped'
  ON CONFLICT (scope, pack, check_key) DO UPDATE SET
    section = EXCLUDED.section,
    check_id = EXCLUDED.check_id,
    check_name = EXCLUDED.check_name,
    severity = EXCLUDED.severity,
    last_status = EXCLUDED.last_status,
    last_run_id = EXCLUDED.last_run_id,
    last_checked_at = EXCLUDED.last_checked_at,
    short_description = EXCLUDED.short_description,
    recommendation = EXCLUDED.recommendation,
    finding_state = CASE
      WHEN EXCLUDED.finding_state IS NOT NULL THEN
        CASE WHEN s.finding_state IS NULL THEN 'open'
             WHEN s.finding_state = 'fixed' THEN 'reopened'
             ELSE s.finding_state END
      WHEN s.finding_state IN ('open', 'reopened') THEN 'fixed'
      ELSE s.finding_state END,
    first_seen = coalesce(s.first_seen, EXCLUDED.first_seen),
    first_run_id = coalesce(s.first_run_id, EXCLUDED.first_run_id),
    last_seen = coalesce(EXCLUDED.last_seen, s.last_seen),
    last_failing_run_id = coalesce(EXCLUDED.last_failing_run_id, s.last_failing_run_id),
    consecutive_runs = CASE
      WHEN EXCLUDED.finding_state IS NULL THEN 0
      WHEN s.finding_state IN ('open', 'reopened') THEN s.consecutive_runs + 1
      ELSE 1 END,
    fixed_at = CASE WHEN EXCLUDED.finding_state IS NULL AND s.finding_state IN ('open', 'reopened')
                    THEN EXCLUDED.last_checked_at ELSE s.fixed_at END,
    fixed_run_id = CASE WHEN EXCLUDED.finding_state IS NULL AND s.finding_state IN ('open', 'reopened')
                        THEN EXCLUDED.last_run_id ELSE s.fixed_run_id END,
    reopened_count = s.reopened_count
      + CASE WHEN EXCLUDED.finding_state IS NOT NULL AND s.finding_state = 'fixed' THEN 1 ELSE 0 END,
    skip_reason = EXCLUDED.skip_reason,
    exposure = EXCLUDED.exposure
  WHERE s.last_checked_at <= EXCLUDED.last_checked_at OR s.last_status = 'Skipped';

  -- Skipped results: a row for a check never evaluated, refreshed only while it stays so
  -- (a Skipped result never replaces an evaluated verdict nor touches a finding).
  INSERT INTO sec_check.check_state AS s
         (scope, pack, check_key, section, check_id, check_name, severity, last_status, skip_reason,
          last_run_id, last_checked_at, short_description, recommendation)
  SELECT v_scope, v_pack, coalesce(x.check_id, x.section || '/' || x.check_name), x.section, x.check_id,
         x.check_name, x.severity, x.status, x.skip_reason, p_run_id, v_at, x.short_description, x.recommendation
    FROM sec_check.results x
   WHERE x.run_id = p_run_id AND x.status = 'Skipped'
  ON CONFLICT (scope, pack, check_key) DO UPDATE SET
    section = EXCLUDED.section, check_id = EXCLUDED.check_id, check_name = EXCLUDED.check_name,
    severity = EXCLUDED.severity, skip_reason = EXCLUDED.skip_reason, last_run_id = EXCLUDED.last_run_id,
    last_checked_at = EXCLUDED.last_checked_at, short_description = EXCLUDED.short_description,
    recommendation = EXCLUDED.recommendation
  WHERE s.last_status = 'Skipped' AND s.last_checked_at <= EXCLUDED.last_checked_at;

  UPDATE sec_check.run_stats AS r
     SET state_score = (SELECT c.score FROM sec_check.current_score c WHERE c.scope = v_scope AND c.pack = v_pack),
         state_scores = (SELECT pg_catalog.jsonb_object_agg(g.section, g.score)
                           FROM sec_check.score_by_group g WHERE g.scope = v_scope AND g.pack = v_pack)
   WHERE r.run_id = p_run_id;
END
$$;

REVOKE ALL ON FUNCTION sec_check.process_run(bigint) FROM PUBLIC;

COMMENT ON FUNCTION sec_check.process_run(bigint) IS
  'Internal: folds one stored run into sec_check.check_state (the current state and finding lifecycle) and sec_check.run_stats (counts, new findings, regressions, the current-state score after it, overall and per group). Called by the trigger on sec_check.results.';
