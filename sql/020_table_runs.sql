-- since: 0.1.0
-- One row per audit run, in-database or posted by the host agent.
CREATE TABLE sec_check.runs (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  started_at         timestamptz NOT NULL,
  finished_at        timestamptz NOT NULL,
  server_version     text NOT NULL,
  server_version_num integer NOT NULL,
  groups             text[],
  locale             text NOT NULL,
  run_by             name NOT NULL,
  posted_by          name NOT NULL DEFAULT session_user,
  origin             text NOT NULL CHECK (origin IN ('database', 'agent')),
  runtime            text NOT NULL CHECK (runtime IN ('pljs', 'plv8', 'node')),
  tool_version       text NOT NULL,
  report             jsonb NOT NULL,
  pack_name          text,
  pack_sha256        text
);

COMMENT ON TABLE sec_check.runs IS
  'sec_check audit runs. Times, run_by (the role whose privileges the checks used), posted_by (the session that stored it) and origin are set by the server, never taken from a posted document; pack_name/pack_sha256 name the stored pack an in-database run used. report holds the report document without its results.';
COMMENT ON COLUMN sec_check.runs.id IS 'Run id.';
COMMENT ON COLUMN sec_check.runs.started_at IS 'When the run started (server time; an agent post: when it was received).';
COMMENT ON COLUMN sec_check.runs.finished_at IS 'When it was stored (server time).';
COMMENT ON COLUMN sec_check.runs.server_version IS 'PostgreSQL version (server_version).';
COMMENT ON COLUMN sec_check.runs.server_version_num IS 'server_version_num.';
COMMENT ON COLUMN sec_check.runs.groups IS 'Groups the run covered (NULL: all).';
COMMENT ON COLUMN sec_check.runs.locale IS 'Language of the texts.';
COMMENT ON COLUMN sec_check.runs.run_by IS 'Role whose privileges the checks used.';
COMMENT ON COLUMN sec_check.runs.posted_by IS 'Session user that stored the run.';
COMMENT ON COLUMN sec_check.runs.origin IS 'database (sec_check.run) or agent (sec-check run --store).';
COMMENT ON COLUMN sec_check.runs.runtime IS 'pljs, plv8 or node.';
COMMENT ON COLUMN sec_check.runs.tool_version IS 'sec_check version that ran it.';
COMMENT ON COLUMN sec_check.runs.report IS 'The report document without its results.';
COMMENT ON COLUMN sec_check.runs.pack_name IS 'Stored pack an in-database run used.';
COMMENT ON COLUMN sec_check.runs.pack_sha256 IS 'Its sha256 at the time.';
