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
