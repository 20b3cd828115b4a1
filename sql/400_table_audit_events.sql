-- since: 0.3.0
-- pgaudit's trail as rows: one row per AUDIT record (SESSION or OBJECT) read from the
-- server log by `sec-check pgaudit ingest` or sec_check.pgaudit_ingest(). A record is
-- identified by the physical log file it came from (file_key: the ingester's identity for one
-- file, stable across renames and distinct when a name is reused after rotation) and the byte
-- offset where its log entry starts, so re-ingesting never adds it twice.
CREATE TABLE sec_check.audit_events (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  file_key        text NOT NULL,
  log_file        text NOT NULL,
  log_offset      bigint NOT NULL,
  logged_at       timestamptz,
  pid             integer,
  user_name       text,
  database_name   text,
  client          text,
  audit_type      text NOT NULL CHECK (audit_type IN ('SESSION', 'OBJECT')),
  statement_id    bigint,
  substatement_id bigint,
  class           text,
  command         text,
  object_type     text,
  object_name     text,
  statement       text,
  parameters      text,
  ingested_at     timestamptz NOT NULL DEFAULT pg_catalog.now(),
  origin          text NOT NULL DEFAULT 'unverifiable' CHECK (origin IN ('verified', 'unverifiable')),
  UNIQUE (file_key, log_offset)
);
CREATE INDEX audit_events_logged_at_idx ON sec_check.audit_events (logged_at);
CREATE INDEX audit_events_object_idx ON sec_check.audit_events (object_name, logged_at);
COMMENT ON INDEX sec_check.audit_events_file_key_log_offset_key IS
  'One row per record: re-ingesting a file (or a copy of it) adds nothing (ON CONFLICT DO NOTHING).';
COMMENT ON INDEX sec_check.audit_events_logged_at_idx IS 'Time windows of the trail (sensitive_access, the report''s last N days).';
COMMENT ON INDEX sec_check.audit_events_object_idx IS 'Events of one object over time (sensitive_access joins on object_name).';
COMMENT ON TABLE sec_check.audit_events IS
  'pgaudit records (SESSION and OBJECT) ingested from the server log: when, who (user, database, client, pid), what (class, command, object type and name, statement and parameters) and where in which log file. Unique per (file_key, log_offset): ingestion is exactly-once.';
COMMENT ON COLUMN sec_check.audit_events.file_key IS 'Identity of the physical log file the record came from (not its name: names are reused by rotation).';
COMMENT ON COLUMN sec_check.audit_events.log_offset IS 'Byte offset in that file where the record''s log entry starts.';
COMMENT ON COLUMN sec_check.audit_events.origin IS
  'verified: the log shows pgaudit wrote the record (its source location, log_error_verbosity = verbose, with nothing a client sets framing the line); unverifiable: the log cannot tell it from a record a session logged itself (no source location, or a stderr log_line_prefix with %a, %u or %d). Rows ingested before 0.4.0 are unverifiable.';
COMMENT ON COLUMN sec_check.audit_events.statement IS 'The statement as pgaudit logged it (may be <not logged> or <previously logged>); NULL when absent.';
SELECT pg_catalog.pg_extension_config_dump('sec_check.audit_events', '');
SELECT pg_catalog.pg_extension_config_dump('sec_check.audit_events_id_seq', '');
COMMENT ON COLUMN sec_check.audit_events.id IS 'Event id, in ingestion order.';
COMMENT ON COLUMN sec_check.audit_events.log_file IS 'Name of the log file the record was read from (when read).';
COMMENT ON COLUMN sec_check.audit_events.logged_at IS 'Time of the log entry (log_line_prefix %m/%t, csvlog/jsonlog timestamp).';
COMMENT ON COLUMN sec_check.audit_events.pid IS 'Backend process id of the session.';
COMMENT ON COLUMN sec_check.audit_events.user_name IS 'Session user of the audited statement.';
COMMENT ON COLUMN sec_check.audit_events.database_name IS 'Database of the audited statement.';
COMMENT ON COLUMN sec_check.audit_events.client IS 'Client as host:port, or [local] for a Unix socket.';
COMMENT ON COLUMN sec_check.audit_events.audit_type IS 'SESSION or OBJECT (pgaudit''s audit type).';
COMMENT ON COLUMN sec_check.audit_events.statement_id IS 'pgaudit statement id within the session.';
COMMENT ON COLUMN sec_check.audit_events.substatement_id IS 'pgaudit substatement id within the statement.';
COMMENT ON COLUMN sec_check.audit_events.class IS 'pgaudit class: READ, WRITE, FUNCTION, ROLE, DDL, MISC, MISC_SET.';
COMMENT ON COLUMN sec_check.audit_events.command IS 'Command tag as logged (??? when pgaudit could not tell).';
COMMENT ON COLUMN sec_check.audit_events.object_type IS 'Object type (TABLE, VIEW, FUNCTION, ...) for OBJECT records.';
COMMENT ON COLUMN sec_check.audit_events.object_name IS 'Object name as pgaudit writes it (schema.table, each part quoted when needed).';
COMMENT ON COLUMN sec_check.audit_events.parameters IS 'Bound parameters as logged (a CSV list, <none> or <not logged>), passwords masked.';
COMMENT ON COLUMN sec_check.audit_events.ingested_at IS 'When the record was stored.';
