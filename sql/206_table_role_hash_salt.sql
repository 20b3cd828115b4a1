-- since: 0.2.0
-- A random salt of this installation for the password fingerprints in role_snapshots, so
-- equal passwords are not comparable across clusters.
-- not dumped: a restored cluster gets its own salt (role_drift compares same-salt fingerprints only)
CREATE TABLE sec_check.role_hash_salt (
  salt text NOT NULL,
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row)
);

INSERT INTO sec_check.role_hash_salt (salt)
VALUES (replace(pg_catalog.gen_random_uuid()::text || pg_catalog.gen_random_uuid()::text, '-', ''));

COMMENT ON TABLE sec_check.role_hash_salt IS
  'Secret salt of this installation for password fingerprints (sec_check.snapshot_roles). Readable by the extension owner only.';
COMMENT ON COLUMN sec_check.role_hash_salt.salt IS 'Secret salt of this installation for password fingerprints.';
COMMENT ON COLUMN sec_check.role_hash_salt.only_row IS 'Always true: the table has one row.';
