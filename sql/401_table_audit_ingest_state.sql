-- since: 0.3.0
-- Where the pgaudit ingester stopped in each physical log file: the byte offset just past the
-- last complete log entry it consumed. Updated in the same transaction as the events it
-- inserts into sec_check.audit_events, so state and data cannot drift apart; a torn last entry
-- is not consumed and is read again next time.
CREATE TABLE sec_check.audit_ingest_state (
  file_key    text PRIMARY KEY,
  log_file    text NOT NULL,
  log_format  text NOT NULL CHECK (log_format IN ('stderr', 'csvlog', 'jsonlog')),
  log_offset  bigint NOT NULL DEFAULT 0 CHECK (log_offset >= 0),
  events      bigint NOT NULL DEFAULT 0,
  problems    bigint NOT NULL DEFAULT 0,
  updated_at  timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE sec_check.audit_ingest_state IS
  'pgaudit ingestion progress per physical log file (file_key: identity from the file''s first line, not its name): the byte offset after the last complete entry consumed, with event and problem counts. Written with the events in one transaction.';
COMMENT ON COLUMN sec_check.audit_ingest_state.log_offset IS 'Bytes of the file consumed: the next read starts here.';
COMMENT ON COLUMN sec_check.audit_ingest_state.log_file IS 'The file''s name when it was last read (names are reused by rotation; file_key is the identity).';
SELECT pg_catalog.pg_extension_config_dump('sec_check.audit_ingest_state', '');
COMMENT ON COLUMN sec_check.audit_ingest_state.file_key IS 'Identity of the physical log file: sha256: and 40 hex of its first line.';
COMMENT ON COLUMN sec_check.audit_ingest_state.log_format IS 'stderr, csvlog or jsonlog.';
COMMENT ON COLUMN sec_check.audit_ingest_state.events IS 'Records stored from this file so far.';
COMMENT ON COLUMN sec_check.audit_ingest_state.problems IS 'Unreadable lines, forgeries and other problems met in this file.';
COMMENT ON COLUMN sec_check.audit_ingest_state.updated_at IS 'When the progress last moved.';
