-- since: 0.2.0
-- Roles as they were at each run (event triggers never see role changes). The password is
-- kept only as a salted fingerprint of the verifier, never the verifier itself.
CREATE TABLE sec_check.role_snapshots (
  run_id        bigint NOT NULL REFERENCES sec_check.runs (id) ON DELETE CASCADE,
  role_name     name NOT NULL,
  superuser     boolean NOT NULL,
  createrole    boolean NOT NULL,
  createdb      boolean NOT NULL,
  replication   boolean NOT NULL,
  bypassrls     boolean NOT NULL,
  can_login     boolean NOT NULL,
  password_set  boolean NOT NULL,
  password_fingerprint text,
  salt_id       text NOT NULL,
  valid_until   timestamptz,
  member_of     text[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (run_id, role_name)
);

COMMENT ON TABLE sec_check.role_snapshots IS
  'Role attributes and memberships at each run. password_fingerprint = sha256(salt, role, verifier): it only tells whether a password changed; salt_id names the salt it was made with.';

SELECT pg_catalog.pg_extension_config_dump('sec_check.role_snapshots', '');
COMMENT ON COLUMN sec_check.role_snapshots.run_id IS 'The run.';
COMMENT ON COLUMN sec_check.role_snapshots.role_name IS 'The role.';
COMMENT ON COLUMN sec_check.role_snapshots.superuser IS 'rolsuper.';
COMMENT ON COLUMN sec_check.role_snapshots.createrole IS 'rolcreaterole.';
COMMENT ON COLUMN sec_check.role_snapshots.createdb IS 'rolcreatedb.';
COMMENT ON COLUMN sec_check.role_snapshots.replication IS 'rolreplication.';
COMMENT ON COLUMN sec_check.role_snapshots.bypassrls IS 'rolbypassrls.';
COMMENT ON COLUMN sec_check.role_snapshots.can_login IS 'rolcanlogin.';
COMMENT ON COLUMN sec_check.role_snapshots.password_set IS 'Whether the role has a password.';
COMMENT ON COLUMN sec_check.role_snapshots.password_fingerprint IS 'sha256(salt, role, verifier): tells only whether the password changed.';
COMMENT ON COLUMN sec_check.role_snapshots.salt_id IS 'Which salt the fingerprint was made with.';
COMMENT ON COLUMN sec_check.role_snapshots.valid_until IS 'rolvaliduntil.';
COMMENT ON COLUMN sec_check.role_snapshots.member_of IS 'Roles it is a member of.';
