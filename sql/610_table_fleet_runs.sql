-- since: 0.4.0
-- The central database of a fleet (`sec-check fleet --collect --into CENTRAL`): every stored
-- run of every server, as the server stored it (the columns of sec_check.runs), filed under
-- the server's identity (its cluster's system identifier and the database) with the id the
-- server gave it. The primary key makes every copy happen once: a collector inserts with
-- ON CONFLICT DO NOTHING, and the highest run id per server is its watermark
-- (fleet_watermark). Written only by collectors (grant_fleet_collector_access: INSERT only).
CREATE TABLE sec_check.fleet_runs (
  system_identifier  text NOT NULL,
  database_name      text NOT NULL,
  run_id             bigint NOT NULL,
  server_name        text NOT NULL,
  server_host        text,
  server_port        integer,
  started_at         timestamptz NOT NULL,
  finished_at        timestamptz NOT NULL,
  server_version     text NOT NULL,
  server_version_num integer NOT NULL,
  groups             text[],
  locale             text NOT NULL,
  run_by             name NOT NULL,
  posted_by          name NOT NULL,
  origin             text NOT NULL,
  runtime            text NOT NULL,
  tool_version       text NOT NULL,
  report             jsonb NOT NULL,
  pack_name          text,
  pack_sha256        text,
  success            integer NOT NULL,
  info               integer NOT NULL,
  warning            integer NOT NULL,
  error              integer NOT NULL,
  failed             integer NOT NULL,
  skipped            integer NOT NULL,
  waived             integer,
  score              numeric(4,1),
  scope              text GENERATED ALWAYS AS (coalesce(nullif(report #>> '{run,server,database}', ''), '(unknown)')) STORED,
  pack               text GENERATED ALWAYS AS (coalesce(nullif(report #>> '{report,report_name}', ''), '(unnamed pack)')) STORED,
  collected_at       timestamptz NOT NULL DEFAULT now(),
  collected_by       name NOT NULL DEFAULT session_user,
  PRIMARY KEY (system_identifier, database_name, run_id)
);

CREATE INDEX fleet_runs_finished_idx ON sec_check.fleet_runs (finished_at);
COMMENT ON INDEX sec_check.fleet_runs_finished_idx IS 'The fleet score trend over a time window.';

COMMENT ON TABLE sec_check.fleet_runs IS
  'Central database of a fleet: every server''s stored runs (the columns of sec_check.runs) under the server''s identity (system_identifier, database_name) and its own run id, with counts by status; copied once by `sec-check fleet --collect`.';
COMMENT ON COLUMN sec_check.fleet_runs.system_identifier IS 'The server''s cluster system identifier (pg_control_system).';
COMMENT ON COLUMN sec_check.fleet_runs.database_name IS 'The database on that server whose sec_check tables hold the run.';
COMMENT ON COLUMN sec_check.fleet_runs.run_id IS 'The run''s id on that server (sec_check.runs.id there).';
COMMENT ON COLUMN sec_check.fleet_runs.server_name IS 'The server''s name in the collector''s inventory when the run was copied.';
COMMENT ON COLUMN sec_check.fleet_runs.server_host IS 'Host or socket directory the collector reached it at.';
COMMENT ON COLUMN sec_check.fleet_runs.server_port IS 'Port the collector reached it at.';
COMMENT ON COLUMN sec_check.fleet_runs.started_at IS 'When the run started (the server''s time).';
COMMENT ON COLUMN sec_check.fleet_runs.finished_at IS 'When the run was stored (the server''s time).';
COMMENT ON COLUMN sec_check.fleet_runs.server_version IS 'PostgreSQL version of the server at the time.';
COMMENT ON COLUMN sec_check.fleet_runs.server_version_num IS 'server_version_num at the time.';
COMMENT ON COLUMN sec_check.fleet_runs.groups IS 'Groups the run covered (NULL: all).';
COMMENT ON COLUMN sec_check.fleet_runs.locale IS 'Language of the run''s texts.';
COMMENT ON COLUMN sec_check.fleet_runs.run_by IS 'Role whose privileges the run used.';
COMMENT ON COLUMN sec_check.fleet_runs.posted_by IS 'Session role that stored it on the server.';
COMMENT ON COLUMN sec_check.fleet_runs.origin IS 'database (sec_check.run) or agent (host agent post).';
COMMENT ON COLUMN sec_check.fleet_runs.runtime IS 'pljs, plv8 or node.';
COMMENT ON COLUMN sec_check.fleet_runs.tool_version IS 'sec_check version that ran it.';
COMMENT ON COLUMN sec_check.fleet_runs.report IS 'The report document without its results, as the server stored it.';
COMMENT ON COLUMN sec_check.fleet_runs.pack_name IS 'Stored pack an in-database run used.';
COMMENT ON COLUMN sec_check.fleet_runs.pack_sha256 IS 'Its sha256.';
COMMENT ON COLUMN sec_check.fleet_runs.success IS 'Results with status Success.';
COMMENT ON COLUMN sec_check.fleet_runs.info IS 'Results with status Info.';
COMMENT ON COLUMN sec_check.fleet_runs.warning IS 'Results with status Warning.';
COMMENT ON COLUMN sec_check.fleet_runs.error IS 'Results with status Error.';
COMMENT ON COLUMN sec_check.fleet_runs.failed IS 'Results with status Failed (could not verify).';
COMMENT ON COLUMN sec_check.fleet_runs.skipped IS 'Results with status Skipped.';
COMMENT ON COLUMN sec_check.fleet_runs.waived IS 'Failing results under a waiver on the server when it was stored (NULL when the server had no count).';
COMMENT ON COLUMN sec_check.fleet_runs.score IS 'The run''s score as the server computed it (run_summary.score: waived findings left out).';
COMMENT ON COLUMN sec_check.fleet_runs.scope IS 'The audited database named in the report (as sec_check.run_scope reads it).';
COMMENT ON COLUMN sec_check.fleet_runs.pack IS 'Report name of the check pack (as sec_check.run_scope reads it).';
COMMENT ON COLUMN sec_check.fleet_runs.collected_at IS 'When the collector copied it.';
COMMENT ON COLUMN sec_check.fleet_runs.collected_by IS 'The collector''s role.';

SELECT pg_catalog.pg_extension_config_dump('sec_check.fleet_runs', '');
