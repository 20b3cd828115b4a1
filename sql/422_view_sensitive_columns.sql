-- since: 0.3.0
-- The single list of sensitive tables/columns every coverage and access view reads: the
-- classifications (by hand with sec_check.classify, or PII findings a role adopted with
-- sec_check.adopt_pii_findings). A PII scan alone changes nothing here: before 0.4.0 every
-- finding became a sensitive column at once, so a scan (which looks like a read) turned the
-- next audit's object_audit_coverage into an Error.
CREATE OR REPLACE VIEW sec_check.sensitive_columns AS
SELECT c.schema_name, c.table_name, c.column_name, c.label, c.source
  FROM sec_check.classifications AS c;
COMMENT ON VIEW sec_check.sensitive_columns IS
  'Sensitive tables and columns of this database (schema_name, table_name, column_name NULL for a whole table, label, source): classifications by hand (source classify) and PII findings adopted with sec_check.adopt_pii_findings (source pii_scan). The one source object_audit_gaps, sensitive_access and the object_audit_coverage check read.';
COMMENT ON COLUMN sec_check.sensitive_columns.schema_name IS 'Schema of the sensitive table.';
COMMENT ON COLUMN sec_check.sensitive_columns.table_name IS 'The sensitive table.';
COMMENT ON COLUMN sec_check.sensitive_columns.column_name IS 'The sensitive column, or NULL for the whole table.';
COMMENT ON COLUMN sec_check.sensitive_columns.label IS 'What kind of data it holds.';
COMMENT ON COLUMN sec_check.sensitive_columns.source IS 'classify (by hand) or pii_scan (an adopted PII finding).';
REVOKE ALL ON sec_check.sensitive_columns FROM PUBLIC;
