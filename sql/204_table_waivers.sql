-- since: 0.2.0
-- Accepted risks. Rows are never deleted by unwaive (revoked_at is set) so the table is
-- the audit trail of who accepted what, when, and why.
CREATE TABLE sec_check.waivers (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  check_id    text NOT NULL,
  scope       text,
  reason      text NOT NULL CHECK (btrim(reason) <> ''),
  expires_at  timestamptz NOT NULL,
  created_by  name NOT NULL DEFAULT session_user,
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_by  name,
  revoked_at  timestamptz
);

CREATE INDEX waivers_active_idx ON sec_check.waivers (check_id) WHERE revoked_at IS NULL;
COMMENT ON INDEX sec_check.waivers_active_idx IS 'Waivers that have not been revoked, by check.';

COMMENT ON TABLE sec_check.waivers IS
  'Waivers of findings (sec_check.waive/unwaive): check id (or check name), optional scope (database; NULL = every scope), reason, expiry, who created or revoked it. A waiver applies while revoked_at IS NULL and expires_at is in the future.';

SELECT pg_catalog.pg_extension_config_dump('sec_check.waivers', '');
SELECT pg_catalog.pg_extension_config_dump('sec_check.waivers_id_seq', '');
COMMENT ON COLUMN sec_check.waivers.id IS 'Waiver id.';
COMMENT ON COLUMN sec_check.waivers.check_id IS 'Check id (or check name) it excuses.';
COMMENT ON COLUMN sec_check.waivers.scope IS 'Database it applies to; NULL: every database.';
COMMENT ON COLUMN sec_check.waivers.reason IS 'Why the risk is accepted.';
COMMENT ON COLUMN sec_check.waivers.expires_at IS 'When it stops applying.';
COMMENT ON COLUMN sec_check.waivers.created_by IS 'Who created it.';
COMMENT ON COLUMN sec_check.waivers.created_at IS 'When.';
COMMENT ON COLUMN sec_check.waivers.revoked_by IS 'Who revoked it (unwaive, or replaced by a new waiver).';
COMMENT ON COLUMN sec_check.waivers.revoked_at IS 'When; NULL while not revoked.';
