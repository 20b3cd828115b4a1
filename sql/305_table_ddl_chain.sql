-- since: 0.2.0
-- One row that every append locks (SELECT ... FOR UPDATE) so two concurrent DDL
-- transactions cannot both link to the same previous row and fork the chain. Under
-- READ COMMITTED the second waits and then sees the first one's row; under REPEATABLE READ
-- or SERIALIZABLE it gets a serialization failure instead of a fork. last_id/last_hash
-- remember the newest row written, so a deleted tail shows up even without external heads.
-- not dumped: its one row comes with the install script; after a restore, appends start from the log's newest row
CREATE TABLE sec_check.ddl_chain (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  last_id   bigint NOT NULL DEFAULT 0,
  last_hash text NOT NULL DEFAULT repeat('0', 64)
);
INSERT INTO sec_check.ddl_chain DEFAULT VALUES;
COMMENT ON TABLE sec_check.ddl_chain IS
  'Lock and head of the sec_check.ddl_log hash chain (one row). Internal to sec_check.ddl_log_append and ddl_log_verify.';
COMMENT ON COLUMN sec_check.ddl_chain.singleton IS 'Always true: the table has one row (locked by every append).';
COMMENT ON COLUMN sec_check.ddl_chain.last_id IS 'Id of the newest trail row.';
COMMENT ON COLUMN sec_check.ddl_chain.last_hash IS 'row_hash of the newest trail row (64 zeros before the first).';
