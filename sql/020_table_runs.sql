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
