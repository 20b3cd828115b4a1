-- since: 0.3.0
-- Who read or wrote sensitive tables, from the ingested pgAudit trail.
CREATE OR REPLACE VIEW sec_check.sensitive_access AS
WITH sensitive_tables AS (
  -- one row per table, named the way pgAudit writes object names (quote_ident each part),
  -- so the events join it by hash instead of formatting a name per event
  SELECT format('%I.%I', sc.schema_name, sc.table_name) AS object_name,
         array_agg(DISTINCT coalesce(sc.column_name::text, '*') ORDER BY coalesce(sc.column_name::text, '*')) AS columns,
         array_agg(DISTINCT sc.label ORDER BY sc.label) AS labels
    FROM sec_check.sensitive_columns AS sc
   GROUP BY 1
)
SELECT e.id AS event_id, e.logged_at, e.user_name, e.database_name, e.client, e.class, e.command,
       e.object_type, e.object_name, s.columns AS sensitive_columns, s.labels, e.statement_id,
       e.substatement_id, e.statement, e.origin
  FROM sec_check.audit_events AS e
  JOIN sensitive_tables AS s ON s.object_name = e.object_name
 WHERE e.audit_type = 'OBJECT'
   AND e.database_name = pg_catalog.current_database();
COMMENT ON VIEW sec_check.sensitive_access IS
  'pgAudit OBJECT records (sec_check.audit_events) of this database on tables holding sensitive columns: when, who, from where, READ/WRITE and command, the statement, and which classified columns (* = the whole table) and labels the table has, and origin (unverifiable: the log cannot show pgaudit wrote the record, see audit_events.origin). pgAudit logs the table, not the column: column precision comes from column-level grants made by object_audit(..., p_columns), with which only statements touching the audited columns are logged at all.';
REVOKE ALL ON sec_check.sensitive_access FROM PUBLIC;
COMMENT ON COLUMN sec_check.sensitive_access.event_id IS 'audit_events.id.';
COMMENT ON COLUMN sec_check.sensitive_access.logged_at IS 'When the access was logged.';
COMMENT ON COLUMN sec_check.sensitive_access.user_name IS 'Who.';
COMMENT ON COLUMN sec_check.sensitive_access.database_name IS 'Database.';
COMMENT ON COLUMN sec_check.sensitive_access.client IS 'From where (host:port or [local]).';
COMMENT ON COLUMN sec_check.sensitive_access.class IS 'READ or WRITE (pgaudit class).';
COMMENT ON COLUMN sec_check.sensitive_access.command IS 'Command tag.';
COMMENT ON COLUMN sec_check.sensitive_access.object_type IS 'Object type.';
COMMENT ON COLUMN sec_check.sensitive_access.object_name IS 'The table, as pgaudit names it.';
COMMENT ON COLUMN sec_check.sensitive_access.sensitive_columns IS 'Sensitive columns of that table (* for a whole-table classification).';
COMMENT ON COLUMN sec_check.sensitive_access.labels IS 'Their labels.';
COMMENT ON COLUMN sec_check.sensitive_access.statement_id IS 'pgaudit statement id.';
COMMENT ON COLUMN sec_check.sensitive_access.substatement_id IS 'pgaudit substatement id.';
COMMENT ON COLUMN sec_check.sensitive_access.statement IS 'The statement as logged, passwords masked.';
