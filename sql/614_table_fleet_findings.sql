-- since: 0.4.0
-- Each server's finding lifecycle (its sec_check.findings view) as it stood after the newest
-- run a collector copied (as_of_run_id): first seen, last seen, open / waived / fixed /
-- reopened, the waiver in force. One snapshot per collection that copied runs; the newest
-- per server is the current one (fleet_finding_servers).
CREATE TABLE sec_check.fleet_findings (
  system_identifier text NOT NULL,
  database_name     text NOT NULL,
  as_of_run_id      bigint NOT NULL,
  scope             text NOT NULL,
  pack              text NOT NULL,
  section           text NOT NULL,
  check_id          text,
  check_name        text NOT NULL,
  severity          text,
  status            text NOT NULL,
  state             text,
  first_seen        timestamptz,
  last_seen         timestamptz,
  consecutive_runs  integer,
  short_description text,
  recommendation    text,
  last_run_id       bigint,
  last_checked_at   timestamptz,
  waiver_reason     text,
  waiver_expires_at timestamptz,
  PRIMARY KEY (system_identifier, database_name, as_of_run_id, scope, pack, section, check_name),
  FOREIGN KEY (system_identifier, database_name, as_of_run_id)
    REFERENCES sec_check.fleet_runs (system_identifier, database_name, run_id) ON DELETE CASCADE
);

COMMENT ON TABLE sec_check.fleet_findings IS
  'Central database of a fleet: each server''s finding lifecycle (its sec_check.findings) as of the newest run a collection copied.';
COMMENT ON COLUMN sec_check.fleet_findings.system_identifier IS 'The server''s cluster system identifier.';
COMMENT ON COLUMN sec_check.fleet_findings.database_name IS 'The database on that server.';
COMMENT ON COLUMN sec_check.fleet_findings.as_of_run_id IS 'The newest run copied with this snapshot (fleet_runs.run_id).';
COMMENT ON COLUMN sec_check.fleet_findings.scope IS 'The audited database.';
COMMENT ON COLUMN sec_check.fleet_findings.pack IS 'Report name of the check pack.';
COMMENT ON COLUMN sec_check.fleet_findings.section IS 'Group (section) key.';
COMMENT ON COLUMN sec_check.fleet_findings.check_id IS 'Stable check id (NULL for foreign packs without ids).';
COMMENT ON COLUMN sec_check.fleet_findings.check_name IS 'Display name of the check.';
COMMENT ON COLUMN sec_check.fleet_findings.severity IS 'critical, high, medium, low, info, or NULL.';
COMMENT ON COLUMN sec_check.fleet_findings.status IS 'The latest evaluated verdict on the server.';
COMMENT ON COLUMN sec_check.fleet_findings.state IS 'open, waived, fixed or reopened.';
COMMENT ON COLUMN sec_check.fleet_findings.first_seen IS 'When the check first failed there.';
COMMENT ON COLUMN sec_check.fleet_findings.last_seen IS 'When it last failed there.';
COMMENT ON COLUMN sec_check.fleet_findings.consecutive_runs IS 'Runs in a row it has failed.';
COMMENT ON COLUMN sec_check.fleet_findings.short_description IS 'The verdict''s short text (evidence; NULL when the collector could not read it).';
COMMENT ON COLUMN sec_check.fleet_findings.recommendation IS 'What to do.';
COMMENT ON COLUMN sec_check.fleet_findings.last_run_id IS 'The server''s run of that verdict.';
COMMENT ON COLUMN sec_check.fleet_findings.last_checked_at IS 'When that run finished.';
COMMENT ON COLUMN sec_check.fleet_findings.waiver_reason IS 'The waiver in force on the server, if any.';
COMMENT ON COLUMN sec_check.fleet_findings.waiver_expires_at IS 'When that waiver expires.';

SELECT pg_catalog.pg_extension_config_dump('sec_check.fleet_findings', '');
