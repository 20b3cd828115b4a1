-- since: 0.4.0
-- The results of the collected runs: the columns of sec_check.results under the server's
-- identity. Evidence (raw, texts) comes along: read it with grant_fleet_read_access(role, true).
CREATE TABLE sec_check.fleet_results (
  system_identifier text NOT NULL,
  database_name     text NOT NULL,
  run_id            bigint NOT NULL,
  ordinal           integer NOT NULL,
  section           text NOT NULL,
  check_id          text,
  check_name        text NOT NULL,
  description       text NOT NULL DEFAULT '',
  severity          text,
  cis               text,
  status            text NOT NULL,
  skip_reason       text,
  short_description text NOT NULL,
  full_description  text NOT NULL,
  recommendation    text NOT NULL,
  raw               jsonb NOT NULL DEFAULT '[]',
  duration_ms       double precision,
  PRIMARY KEY (system_identifier, database_name, run_id, ordinal),
  FOREIGN KEY (system_identifier, database_name, run_id)
    REFERENCES sec_check.fleet_runs (system_identifier, database_name, run_id) ON DELETE CASCADE
);

CREATE INDEX fleet_results_check_idx ON sec_check.fleet_results (check_id, status);
COMMENT ON INDEX sec_check.fleet_results_check_idx IS 'One check across the fleet.';

COMMENT ON TABLE sec_check.fleet_results IS
  'Central database of a fleet: the results of every collected run (the columns of sec_check.results) under the server''s identity and run id.';
COMMENT ON COLUMN sec_check.fleet_results.system_identifier IS 'The server''s cluster system identifier.';
COMMENT ON COLUMN sec_check.fleet_results.database_name IS 'The database on that server.';
COMMENT ON COLUMN sec_check.fleet_results.run_id IS 'The run''s id on that server.';
COMMENT ON COLUMN sec_check.fleet_results.ordinal IS 'Position of the check in the run''s report.';
COMMENT ON COLUMN sec_check.fleet_results.section IS 'Group (section) key.';
COMMENT ON COLUMN sec_check.fleet_results.check_id IS 'Stable check id (NULL for foreign packs without ids).';
COMMENT ON COLUMN sec_check.fleet_results.check_name IS 'Display name of the check.';
COMMENT ON COLUMN sec_check.fleet_results.description IS 'What the check ensures.';
COMMENT ON COLUMN sec_check.fleet_results.severity IS 'critical, high, medium, low, info, or NULL.';
COMMENT ON COLUMN sec_check.fleet_results.cis IS 'CIS PostgreSQL 17 v1.0.0 id, or NULL.';
COMMENT ON COLUMN sec_check.fleet_results.status IS 'Success, Info, Warning, Error, Failed (could not verify) or Skipped.';
COMMENT ON COLUMN sec_check.fleet_results.skip_reason IS 'Why it was Skipped, or insufficient_privilege on a Failed one.';
COMMENT ON COLUMN sec_check.fleet_results.short_description IS 'The verdict''s short text (evidence: server data).';
COMMENT ON COLUMN sec_check.fleet_results.full_description IS 'The verdict''s full text (evidence).';
COMMENT ON COLUMN sec_check.fleet_results.recommendation IS 'What to do.';
COMMENT ON COLUMN sec_check.fleet_results.raw IS 'What the executors returned (evidence).';
COMMENT ON COLUMN sec_check.fleet_results.duration_ms IS 'How long the check took.';

SELECT pg_catalog.pg_extension_config_dump('sec_check.fleet_results', '');
