-- since: 0.4.0
-- Attestations in force right now: an expired one stops applying without anyone touching it.
CREATE OR REPLACE VIEW sec_check.active_attestations AS
SELECT a.id, a.framework, a.control_id, a.scope, a.attested_by, a.note, a.expires_at,
       a.recorded_by, a.recorded_at
  FROM sec_check.attestations a
 WHERE a.revoked_at IS NULL
   AND a.expires_at > pg_catalog.now();

COMMENT ON VIEW sec_check.active_attestations IS
  'Attestations in force now (not revoked, not expired); scope NULL covers every database. Read by compliance_status and by `sec-check run/report --framework`.';
COMMENT ON COLUMN sec_check.active_attestations.id IS 'Attestation id.';
COMMENT ON COLUMN sec_check.active_attestations.framework IS 'Framework id.';
COMMENT ON COLUMN sec_check.active_attestations.control_id IS 'Control id within the framework.';
COMMENT ON COLUMN sec_check.active_attestations.scope IS 'The database it covers; NULL = every database.';
COMMENT ON COLUMN sec_check.active_attestations.attested_by IS 'The person who vouches for the control.';
COMMENT ON COLUMN sec_check.active_attestations.note IS 'What they checked and where the evidence is.';
COMMENT ON COLUMN sec_check.active_attestations.expires_at IS 'When it stops applying.';
COMMENT ON COLUMN sec_check.active_attestations.recorded_by IS 'The session role that recorded it.';
COMMENT ON COLUMN sec_check.active_attestations.recorded_at IS 'When it was recorded.';
