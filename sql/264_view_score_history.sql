-- since: 0.4.0
-- The score of each group (section) over time, per scope (database) and pack: the score of
-- the current state once each run was folded in (run_stats.state_scores), so an hourly run
-- of one group neither makes the other groups' lines jump nor is compared with a full run.
-- One row per run and group; the score of all groups together is run_summary.state_score.
-- Runs stored before 0.4.0 have no row. No texts: the same for every reader.
CREATE OR REPLACE VIEW sec_check.score_history AS
SELECT s.run_id, s.finished_at, s.scope, s.pack, s.groups, s.origin,
       g.key AS section,
       (g.value #>> '{}')::numeric(4,1) AS score
  FROM sec_check.run_stats s
 CROSS JOIN LATERAL pg_catalog.jsonb_each(s.state_scores) AS g(key, value)
 WHERE s.state_scores IS NOT NULL;

COMMENT ON VIEW sec_check.score_history IS
  'Score of each group (section) of the current state once each run was stored, per scope (database) and pack: a trend comparable from run to run whatever groups each run covered (the overall one is run_summary.state_score). Runs stored before 0.4.0 have no rows.';
COMMENT ON COLUMN sec_check.score_history.run_id IS 'The stored run.';
COMMENT ON COLUMN sec_check.score_history.finished_at IS 'When it finished (server time).';
COMMENT ON COLUMN sec_check.score_history.scope IS 'The audited database.';
COMMENT ON COLUMN sec_check.score_history.pack IS 'Report name of the check pack.';
COMMENT ON COLUMN sec_check.score_history.groups IS 'Groups the run covered (NULL: all).';
COMMENT ON COLUMN sec_check.score_history.origin IS 'database or agent.';
COMMENT ON COLUMN sec_check.score_history.section IS 'Group (section) key.';
COMMENT ON COLUMN sec_check.score_history.score IS 'Percent of the group''s judged checks passed in the current state after this run (waived findings left out), rounded down to 0.1; NULL when none is judged.';
