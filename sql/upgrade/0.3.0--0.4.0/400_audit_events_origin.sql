-- migrates: sql/400_table_audit_events.sql
-- since: 0.4.0
-- Each ingested pgaudit record says whether the log shows pgaudit wrote it (sql/400). Records
-- ingested before this release were never checked: they are unverifiable.
ALTER TABLE sec_check.audit_events
  ADD COLUMN origin text NOT NULL DEFAULT 'unverifiable' CHECK (origin IN ('verified', 'unverifiable'));
COMMENT ON COLUMN sec_check.audit_events.origin IS
  'verified: the log shows pgaudit wrote the record (its source location, log_error_verbosity = verbose, with nothing a client sets framing the line); unverifiable: the log cannot tell it from a record a session logged itself (no source location, or a stderr log_line_prefix with %a, %u or %d). Rows ingested before 0.4.0 are unverifiable.';
-- the column comments this release adds to sql/400
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
