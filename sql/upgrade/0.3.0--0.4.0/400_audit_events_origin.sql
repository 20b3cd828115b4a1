-- since: 0.4.0
-- Each ingested pgaudit record says whether the log shows pgaudit wrote it (sql/400). Records
-- ingested before this release were never checked: they are unverifiable.
ALTER TABLE sec_check.audit_events
  ADD COLUMN origin text NOT NULL DEFAULT 'unverifiable' CHECK (origin IN ('verified', 'unverifiable'));
COMMENT ON COLUMN sec_check.audit_events.origin IS
  'verified: the log shows pgaudit wrote the record (its source location, log_error_verbosity = verbose, with nothing a client sets framing the line); unverifiable: the log cannot tell it from a record a session logged itself (no source location, or a stderr log_line_prefix with %a, %u or %d). Rows ingested before 0.4.0 are unverifiable.';
