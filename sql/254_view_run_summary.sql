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
       sr.schedule_name
  FROM sec_check.run_stats s
  LEFT JOIN sec_check.schedule_runs sr ON sr.run_id = s.run_id;

COMMENT ON VIEW sec_check.run_summary IS
  'Per stored run: counts by status, waived failing results, score (percent of judged checks passed, waived findings left out), duration, origin/runtime, scope, pack, the schedule that produced it.';
