-- since: 0.3.0
-- Sensitive tables/columns whose reads object audit does not log, each with the call that
-- fixes it; and classifications naming a table or column that no longer exists (a rename
-- must not end the coverage check silently).
CREATE OR REPLACE VIEW sec_check.object_audit_gaps AS
SELECT s.schema_name, s.table_name, s.column_name, s.label, s.source,
       CASE WHEN c.oid IS NULL OR (s.column_name IS NOT NULL AND t.attnum IS NULL) THEN 'missing'
            ELSE 'not_audited' END AS problem,
       CASE WHEN c.oid IS NULL OR (s.column_name IS NOT NULL AND t.attnum IS NULL) THEN NULL
            WHEN s.column_name IS NULL
              THEN format('SELECT sec_check.object_audit(%L::regclass, %L);', format('%I.%I', s.schema_name, s.table_name), '{SELECT}')
            ELSE format('SELECT sec_check.object_audit(%L::regclass, %L, %L);', format('%I.%I', s.schema_name, s.table_name),
                        '{SELECT}', ARRAY[s.column_name::text]::text)
       END AS fix
  FROM sec_check.sensitive_columns AS s
  LEFT JOIN (pg_catalog.pg_class AS c JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace)
         ON n.nspname = s.schema_name AND c.relname = s.table_name AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  LEFT JOIN pg_catalog.pg_attribute AS t
         ON t.attrelid = c.oid AND t.attname = s.column_name AND t.attnum > 0 AND NOT t.attisdropped
 WHERE c.oid IS NULL
    OR (s.column_name IS NOT NULL AND t.attnum IS NULL)
    OR NOT EXISTS (SELECT 1 FROM sec_check.object_audit_coverage AS v
                    WHERE v.schema_name = s.schema_name AND v.table_name = s.table_name AND v.action = 'SELECT'
                      AND (v.column_name IS NULL OR v.column_name = s.column_name));
COMMENT ON VIEW sec_check.object_audit_gaps IS
  'Sensitive tables/columns (sec_check.sensitive_columns) whose reads pgAudit object logging does not cover (problem not_audited, with the sec_check.object_audit(...) call that fixes it in fix), and classifications of tables/columns that no longer exist (problem missing: reclassify after a rename, or unclassify). A classified table needs a table-level SELECT grant; a column, a table- or column-level one. Read by the logging/object_audit_coverage check.';
REVOKE ALL ON sec_check.object_audit_gaps FROM PUBLIC;
COMMENT ON COLUMN sec_check.object_audit_gaps.schema_name IS 'Schema of the sensitive table.';
COMMENT ON COLUMN sec_check.object_audit_gaps.table_name IS 'The sensitive table.';
COMMENT ON COLUMN sec_check.object_audit_gaps.column_name IS 'The sensitive column, or NULL for the whole table.';
COMMENT ON COLUMN sec_check.object_audit_gaps.label IS 'Its classification label.';
COMMENT ON COLUMN sec_check.object_audit_gaps.source IS 'classify or pii_scan (see sensitive_columns).';
COMMENT ON COLUMN sec_check.object_audit_gaps.problem IS 'not_audited (reads are not logged) or missing (the table or column no longer exists).';
COMMENT ON COLUMN sec_check.object_audit_gaps.fix IS 'The sec_check.object_audit(...) call that covers it (NULL for missing).';
