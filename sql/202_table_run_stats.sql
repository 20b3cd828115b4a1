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
  state_score  numeric(4,1)
);

CREATE INDEX run_stats_scope_idx ON sec_check.run_stats (scope, pack, run_id);
COMMENT ON INDEX sec_check.run_stats_scope_idx IS 'Previous comparable run (drift) and per-scope history.';

COMMENT ON TABLE sec_check.run_stats IS
  'Counts by status of each stored run, its scope (database) and pack, the waived failing results, and the checks that became findings (new_findings) or got worse (regressions) in it.';

SELECT pg_catalog.pg_extension_config_dump('sec_check.run_stats', '');
