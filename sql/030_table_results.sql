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
COMMENT ON COLUMN sec_check.results.run_id IS 'The run.';
COMMENT ON COLUMN sec_check.results.ordinal IS 'Position of the check in the run''s report.';
COMMENT ON COLUMN sec_check.results.section IS 'Group (section) key.';
COMMENT ON COLUMN sec_check.results.check_id IS 'Stable check id (NULL for foreign packs without ids).';
COMMENT ON COLUMN sec_check.results.check_name IS 'Display name of the check.';
COMMENT ON COLUMN sec_check.results.description IS 'What the check ensures.';
COMMENT ON COLUMN sec_check.results.severity IS 'critical, high, medium, low, info, or NULL.';
COMMENT ON COLUMN sec_check.results.cis IS 'CIS PostgreSQL benchmark id, or NULL.';
COMMENT ON COLUMN sec_check.results.status IS 'Success, Info, Warning, Error, Failed (could not verify) or Skipped (not evaluated).';
COMMENT ON COLUMN sec_check.results.skip_reason IS 'Why it was Skipped; on a Failed result, insufficient_privilege when a named privilege was missing.';
COMMENT ON COLUMN sec_check.results.short_description IS 'Short verdict text (rich text: the reports'' HTML subset; sec_check.plain_text for psql).';
COMMENT ON COLUMN sec_check.results.full_description IS 'Full verdict text (rich text).';
COMMENT ON COLUMN sec_check.results.recommendation IS 'What to do (rich text).';
COMMENT ON COLUMN sec_check.results.raw IS 'What the executors returned (the evidence): visible per row-level security.';
COMMENT ON COLUMN sec_check.results.duration_ms IS 'How long the check took, in milliseconds.';
