-- since: 0.1.0
-- One row per check per run; raw keeps what the executors returned, for evidence.
CREATE TABLE sec_check.results (
  run_id            bigint NOT NULL REFERENCES sec_check.runs (id) ON DELETE CASCADE,
  ordinal           integer NOT NULL,
  section           text NOT NULL,
  check_id          text,
  check_name        text NOT NULL,
  description       text NOT NULL DEFAULT '',
  severity          text,
  cis               text,
  status            text NOT NULL CHECK (status IN ('Success', 'Info', 'Warning', 'Error', 'Failed', 'Skipped')),
  skip_reason       text CHECK (skip_reason IN ('version', 'host_agent_required', 'deadline', 'not_applicable_managed', 'insufficient_privilege')),
  short_description text NOT NULL,
  full_description  text NOT NULL,
  recommendation    text NOT NULL,
  raw               jsonb NOT NULL DEFAULT '[]',
  duration_ms       double precision,
  PRIMARY KEY (run_id, ordinal)
);

CREATE INDEX results_check_idx ON sec_check.results (section, check_name);

COMMENT ON TABLE sec_check.results IS
  'sec_check verdicts, one per check and run. Skipped and Failed mean the check was not verified.';
