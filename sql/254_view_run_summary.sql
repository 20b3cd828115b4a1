-- since: 0.2.0
-- One row per stored run. score = passed / judged in percent (as in the reports), where
-- judged = Success + Warning + Error + Failed, minus the failing results that were waived
-- (computed in sec_check.run_stats when the run is stored).
CREATE OR REPLACE VIEW sec_check.run_summary AS
SELECT s.run_id, s.started_at, s.finished_at,
       s.duration_ms,
       s.origin, s.runtime, s.run_by, s.groups, s.scope, s.pack, s.server_version,
       s.success, s.info, s.warning, s.error, s.failed, s.skipped, s.waived,
       s.success + s.info + s.warning + s.error + s.failed + s.skipped AS total,
       s.score,
       cardinality(s.new_findings) AS new_findings, cardinality(s.regressions) AS regressions,
       sr.schedule_name,
       s.state_score
  FROM sec_check.run_stats s
  LEFT JOIN sec_check.schedule_runs sr ON sr.run_id = s.run_id;

COMMENT ON VIEW sec_check.run_summary IS
  'Per stored run: counts by status, waived failing results, score of the run itself (percent of judged checks passed, waived findings left out; compare only runs of the same groups), duration, origin/runtime, scope, pack, the schedule that produced it, and state_score: the score of the current state once the run was stored (comparable whatever the run covered).';
COMMENT ON COLUMN sec_check.run_summary.run_id IS 'The stored run.';
COMMENT ON COLUMN sec_check.run_summary.started_at IS 'When the run started (server time).';
COMMENT ON COLUMN sec_check.run_summary.finished_at IS 'When it finished (server time).';
COMMENT ON COLUMN sec_check.run_summary.duration_ms IS 'How long it took, in milliseconds.';
COMMENT ON COLUMN sec_check.run_summary.origin IS 'database (sec_check.run) or agent (host agent post).';
COMMENT ON COLUMN sec_check.run_summary.runtime IS 'pljs, plv8 or node.';
COMMENT ON COLUMN sec_check.run_summary.run_by IS 'Role whose privileges the run used.';
COMMENT ON COLUMN sec_check.run_summary.groups IS 'Groups the run covered (NULL: all).';
COMMENT ON COLUMN sec_check.run_summary.scope IS 'The audited database.';
COMMENT ON COLUMN sec_check.run_summary.pack IS 'Report name of the check pack.';
COMMENT ON COLUMN sec_check.run_summary.server_version IS 'PostgreSQL version at the time.';
COMMENT ON COLUMN sec_check.run_summary.success IS 'Results Success.';
COMMENT ON COLUMN sec_check.run_summary.info IS 'Results Info.';
COMMENT ON COLUMN sec_check.run_summary.warning IS 'Results Warning.';
COMMENT ON COLUMN sec_check.run_summary.error IS 'Results Error.';
COMMENT ON COLUMN sec_check.run_summary.failed IS 'Results Failed (could not verify).';
COMMENT ON COLUMN sec_check.run_summary.skipped IS 'Results Skipped.';
COMMENT ON COLUMN sec_check.run_summary.waived IS 'Failing results under a waiver at the time.';
COMMENT ON COLUMN sec_check.run_summary.total IS 'All results of the run.';
COMMENT ON COLUMN sec_check.run_summary.score IS 'Score of this run alone (percent of judged checks passed): compare runs of the same groups only.';
COMMENT ON COLUMN sec_check.run_summary.new_findings IS 'Checks that became findings in this run.';
COMMENT ON COLUMN sec_check.run_summary.regressions IS 'Findings that got worse in this run.';
COMMENT ON COLUMN sec_check.run_summary.schedule_name IS 'The scheduled audit that produced it (NULL: run by hand or posted).';
COMMENT ON COLUMN sec_check.run_summary.state_score IS 'Score of the current state once this run was stored: comparable from run to run (NULL for runs stored before 0.4.0).';
