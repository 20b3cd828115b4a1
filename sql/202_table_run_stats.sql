-- since: 0.2.0
-- Per-run counts written once when a run is stored, so run_summary and the alerts never
-- re-aggregate the whole results table (nor read the runs' report documents). waived = failing results under an active waiver
-- at the time of the run.
CREATE TABLE sec_check.run_stats (
  run_id       bigint PRIMARY KEY REFERENCES sec_check.runs (id) ON DELETE CASCADE,
  scope        text NOT NULL,
  pack         text NOT NULL,
  -- copied from sec_check.runs (immutable) so the views never read its wide report rows
  started_at   timestamptz NOT NULL,
  finished_at  timestamptz NOT NULL,
  origin       text NOT NULL,
  runtime      text NOT NULL,
  run_by       name NOT NULL,
  groups       text[],
  server_version text NOT NULL,
  success      integer NOT NULL,
  info         integer NOT NULL,
  warning      integer NOT NULL,
  error        integer NOT NULL,
  failed       integer NOT NULL,
  skipped      integer NOT NULL,
  waived       integer NOT NULL,
  new_findings text[] NOT NULL DEFAULT '{}',
  regressions  text[] NOT NULL DEFAULT '{}',
  -- computed once, so run_summary is a plain scan however long the history
  duration_ms  bigint GENERATED ALWAYS AS
                 (round(extract(epoch FROM finished_at - started_at) * 1000)::bigint) STORED,
  -- passed / judged in percent as in the reports; waived failing results are not judged
  score        numeric(4,1) GENERATED ALWAYS AS
                 (CASE WHEN success + warning + error + failed - waived > 0
                       THEN (floor(1000.0 * success / (success + warning + error + failed - waived)) / 10)::numeric(4,1)
                  END) STORED,
  -- the score of the current state (every check's latest verdict in the pack) once this run
  -- was folded in: comparable from run to run whatever groups each run covered
  state_score  numeric(4,1),
  -- the same per group (section): {"<group>": score or null}, so a report draws each group's
  -- trend from stored numbers (sec_check.score_history)
  state_scores jsonb
);

CREATE INDEX run_stats_scope_idx ON sec_check.run_stats (scope, pack, run_id);
COMMENT ON INDEX sec_check.run_stats_scope_idx IS 'Previous comparable run (drift) and per-scope history.';

COMMENT ON TABLE sec_check.run_stats IS
  'Counts by status of each stored run, its scope (database) and pack, the waived failing results, and the checks that became findings (new_findings) or got worse (regressions) in it.';

SELECT pg_catalog.pg_extension_config_dump('sec_check.run_stats', '');
COMMENT ON COLUMN sec_check.run_stats.run_id IS 'The run.';
COMMENT ON COLUMN sec_check.run_stats.scope IS 'The audited database.';
COMMENT ON COLUMN sec_check.run_stats.pack IS 'Report name of the check pack.';
COMMENT ON COLUMN sec_check.run_stats.started_at IS 'When the run started (server time).';
COMMENT ON COLUMN sec_check.run_stats.finished_at IS 'When it finished.';
COMMENT ON COLUMN sec_check.run_stats.origin IS 'database or agent.';
COMMENT ON COLUMN sec_check.run_stats.runtime IS 'pljs, plv8 or node.';
COMMENT ON COLUMN sec_check.run_stats.run_by IS 'Role whose privileges the run used.';
COMMENT ON COLUMN sec_check.run_stats.groups IS 'Groups the run covered (NULL: all).';
COMMENT ON COLUMN sec_check.run_stats.server_version IS 'PostgreSQL version.';
COMMENT ON COLUMN sec_check.run_stats.success IS 'Results Success.';
COMMENT ON COLUMN sec_check.run_stats.info IS 'Results Info.';
COMMENT ON COLUMN sec_check.run_stats.warning IS 'Results Warning.';
COMMENT ON COLUMN sec_check.run_stats.error IS 'Results Error.';
COMMENT ON COLUMN sec_check.run_stats.failed IS 'Results Failed.';
COMMENT ON COLUMN sec_check.run_stats.skipped IS 'Results Skipped.';
COMMENT ON COLUMN sec_check.run_stats.waived IS 'Failing results under a waiver at the time.';
COMMENT ON COLUMN sec_check.run_stats.new_findings IS 'Check keys that became findings in this run.';
COMMENT ON COLUMN sec_check.run_stats.regressions IS 'Check keys whose finding got worse in this run.';
COMMENT ON COLUMN sec_check.run_stats.duration_ms IS 'How long the run took, in milliseconds.';
COMMENT ON COLUMN sec_check.run_stats.score IS 'Score of this run alone (percent of judged checks passed).';
COMMENT ON COLUMN sec_check.run_stats.state_score IS 'Score of the current state once this run was folded in.';
COMMENT ON COLUMN sec_check.run_stats.state_scores IS 'Score of each group (section) of the current state once this run was folded in: {"group": score or null}; NULL for runs stored before 0.4.0.';
