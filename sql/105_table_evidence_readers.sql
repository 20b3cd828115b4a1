-- since: 0.2.0
-- Roles allowed to read every stored run with its evidence (results.raw holds what the
-- executors returned: pg_hba lines, data_directory, role names). Everyone else who may
-- read the tables sees only the runs it ran or posted itself. Filled by grant_evidence_access.
CREATE TABLE sec_check.evidence_readers (
  reader     regrole PRIMARY KEY,
  granted_by name NOT NULL DEFAULT session_user,
  granted_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE sec_check.evidence_readers IS
  'Roles that may read all sec_check runs and their evidence (sec_check.grant_evidence_access); others see their own runs only.';
COMMENT ON COLUMN sec_check.evidence_readers.reader IS 'Role that may read every run with its evidence (and its members).';
COMMENT ON COLUMN sec_check.evidence_readers.granted_by IS 'Who called grant_evidence_access.';
COMMENT ON COLUMN sec_check.evidence_readers.granted_at IS 'When.';
