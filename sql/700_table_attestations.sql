-- since: 0.4.0
-- A person's statement that a manual control of a compliance framework holds: who, why, for
-- which database, until when. sec_check.attest writes it; rows are never deleted (unattest
-- sets revoked_at), so the table is the trail of who vouched for what. An attestation never
-- turns a control decided by checks into a pass: compliance_status shows it only on manual ones.
CREATE TABLE sec_check.attestations (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  framework   text NOT NULL,
  control_id  text NOT NULL,
  scope       text,
  attested_by text NOT NULL CHECK (btrim(attested_by) <> ''),
  note        text NOT NULL CHECK (btrim(note) <> ''),
  expires_at  timestamptz NOT NULL,
  recorded_by name NOT NULL DEFAULT session_user,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  revoked_by  name,
  revoked_at  timestamptz
);

CREATE INDEX attestations_active_idx ON sec_check.attestations (framework, control_id) WHERE revoked_at IS NULL;
COMMENT ON INDEX sec_check.attestations_active_idx IS 'Attestations not revoked, by framework and control.';

COMMENT ON TABLE sec_check.attestations IS
  'Attestations of manual compliance controls (sec_check.attest/unattest): framework, control, optional scope (database; NULL = every database), the person who vouches, their note, expiry, and who recorded or revoked it. In force while revoked_at IS NULL and expires_at is in the future.';
COMMENT ON COLUMN sec_check.attestations.id IS 'Attestation id.';
COMMENT ON COLUMN sec_check.attestations.framework IS 'Framework id (sec_check.framework_controls.framework).';
COMMENT ON COLUMN sec_check.attestations.control_id IS 'Control id within the framework.';
COMMENT ON COLUMN sec_check.attestations.scope IS 'The database it covers; NULL = every database.';
COMMENT ON COLUMN sec_check.attestations.attested_by IS 'The person who vouches for the control (a name, not a role).';
COMMENT ON COLUMN sec_check.attestations.note IS 'What they checked and where the evidence is.';
COMMENT ON COLUMN sec_check.attestations.expires_at IS 'When it stops applying; attestations always expire.';
COMMENT ON COLUMN sec_check.attestations.recorded_by IS 'The session role that recorded it.';
COMMENT ON COLUMN sec_check.attestations.recorded_at IS 'When it was recorded.';
COMMENT ON COLUMN sec_check.attestations.revoked_by IS 'The session role that revoked it (unattest, or a newer attestation of the same control and scope).';
COMMENT ON COLUMN sec_check.attestations.revoked_at IS 'When it was revoked; NULL while not revoked.';

SELECT pg_catalog.pg_extension_config_dump('sec_check.attestations', '');
SELECT pg_catalog.pg_extension_config_dump('sec_check.attestations_id_seq', '');
