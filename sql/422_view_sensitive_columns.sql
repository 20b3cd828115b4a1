-- since: 0.3.0
-- The single list of sensitive tables/columns every coverage and access view reads. Today
-- only manual classifications; other sources (e.g. a PII scan) are added here as a UNION,
-- with their own `source`.
CREATE OR REPLACE VIEW sec_check.sensitive_columns AS
SELECT c.schema_name, c.table_name, c.column_name, c.label, 'classify'::text AS source
  FROM sec_check.classifications AS c;
COMMENT ON VIEW sec_check.sensitive_columns IS
  'Sensitive tables and columns of this database (schema_name, table_name, column_name NULL for a whole table, label, source). The one source object_audit_gaps, sensitive_access and the object_audit_coverage check read.';
REVOKE ALL ON sec_check.sensitive_columns FROM PUBLIC;
