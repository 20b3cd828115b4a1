-- since: 0.2.0
-- The finding lifecycle, one row per check, scope (database) and pack, maintained as runs
-- are stored (sec_check.process_run). It is not tied to sec_check.runs by a foreign key,
-- so first_seen survives sec_check.purge() of the runs it came from.
CREATE TABLE sec_check.check_state (
  scope               text NOT NULL,
  pack                text NOT NULL,
  check_key           text NOT NULL,
  section             text NOT NULL,
  check_id            text,
  check_name          text NOT NULL,
  severity            text,
  last_status         text NOT NULL,
  last_run_id         bigint NOT NULL,
  last_checked_at     timestamptz NOT NULL,
  short_description   text NOT NULL DEFAULT '',
  recommendation      text NOT NULL DEFAULT '',
  finding_state       text CHECK (finding_state IN ('open', 'fixed', 'reopened')),
  first_seen          timestamptz,
  first_run_id        bigint,
  last_seen           timestamptz,
  last_failing_run_id bigint,
  consecutive_runs    integer NOT NULL DEFAULT 0,
  fixed_at            timestamptz,
  fixed_run_id        bigint,
  reopened_count      integer NOT NULL DEFAULT 0,
  skip_reason         text,
  exposure            text,
  PRIMARY KEY (scope, pack, check_key)
);

COMMENT ON TABLE sec_check.check_state IS
  'The current state: latest evaluated verdict and finding lifecycle per check, scope (database) and pack (a check never evaluated keeps its newest Skipped verdict). finding_state is NULL while the check has never failed; a Skipped result never replaces an evaluated verdict, and runs without the check leave a row unchanged.';

SELECT pg_catalog.pg_extension_config_dump('sec_check.check_state', '');
COMMENT ON COLUMN sec_check.check_state.scope IS 'The audited database.';
COMMENT ON COLUMN sec_check.check_state.pack IS 'Report name of the check pack.';
COMMENT ON COLUMN sec_check.check_state.check_key IS 'check_id, or section/check_name for checks without an id.';
COMMENT ON COLUMN sec_check.check_state.section IS 'Group (section) key.';
COMMENT ON COLUMN sec_check.check_state.check_id IS 'Stable check id (NULL for foreign packs without ids).';
COMMENT ON COLUMN sec_check.check_state.check_name IS 'Display name of the check.';
COMMENT ON COLUMN sec_check.check_state.severity IS 'critical, high, medium, low, info, or NULL.';
COMMENT ON COLUMN sec_check.check_state.last_status IS 'Latest evaluated verdict (Skipped only for a check never evaluated).';
COMMENT ON COLUMN sec_check.check_state.last_run_id IS 'Run of that verdict.';
COMMENT ON COLUMN sec_check.check_state.last_checked_at IS 'When that run finished (server time).';
COMMENT ON COLUMN sec_check.check_state.short_description IS 'The verdict''s short text (rich text, as stored).';
COMMENT ON COLUMN sec_check.check_state.recommendation IS 'What to do (rich text, as stored).';
COMMENT ON COLUMN sec_check.check_state.finding_state IS 'open, fixed or reopened; NULL while the check has never failed.';
COMMENT ON COLUMN sec_check.check_state.first_seen IS 'When it first failed (kept after purge).';
COMMENT ON COLUMN sec_check.check_state.first_run_id IS 'Run in which it first failed.';
COMMENT ON COLUMN sec_check.check_state.last_seen IS 'When it last failed.';
COMMENT ON COLUMN sec_check.check_state.last_failing_run_id IS 'Latest run in which it failed.';
COMMENT ON COLUMN sec_check.check_state.consecutive_runs IS 'Runs in a row it has failed (0 once fixed).';
COMMENT ON COLUMN sec_check.check_state.fixed_at IS 'When a run last found it fixed.';
COMMENT ON COLUMN sec_check.check_state.fixed_run_id IS 'That run.';
COMMENT ON COLUMN sec_check.check_state.reopened_count IS 'How often it failed again after being fixed.';
COMMENT ON COLUMN sec_check.check_state.skip_reason IS 'Reason of the verdict: why it was Skipped, or insufficient_privilege on a Failed one.';
COMMENT ON COLUMN sec_check.check_state.exposure IS 'remote or local when the verdict''s evidence shows it (sec_check.result_exposure), else NULL.';
