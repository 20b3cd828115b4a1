-- since: 0.4.0
-- Row-level security on PII findings: a finding (its masked sample and the primary key of
-- the row it came from) is visible only to a role that may SELECT the column it is about in
-- this database (table or column privilege), and to roles granted every stored result
-- (sec_check.grant_evidence_access) or a member of one. Findings of tables that no longer
-- exist are visible to those readers only. Superusers and the extension owner bypass RLS;
-- sec_check.sensitive_columns (owned by the extension owner) still lists every column.
ALTER TABLE sec_check.pii_findings ENABLE ROW LEVEL SECURITY;

CREATE POLICY pii_findings_visible ON sec_check.pii_findings FOR SELECT
  USING (EXISTS (SELECT 1
                   FROM pg_catalog.pg_namespace AS n
                   JOIN pg_catalog.pg_class AS c ON c.relnamespace = n.oid
                   JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.oid
                  WHERE pii_findings.database_name = pg_catalog.current_database()
                    AND n.nspname = pii_findings.schema_name AND c.relname = pii_findings.table_name
                    AND a.attname = pii_findings.column_name
                    AND a.attnum > 0 AND NOT a.attisdropped
                    AND pg_catalog.has_column_privilege(c.oid, a.attnum, 'SELECT'))
         OR EXISTS (SELECT 1 FROM sec_check.evidence_readers AS e
                     WHERE pg_catalog.pg_has_role(current_user, e.reader, 'USAGE')));

COMMENT ON POLICY pii_findings_visible ON sec_check.pii_findings IS
  'A PII finding is visible to roles that may SELECT its column in this database, and to roles granted sec_check.grant_evidence_access.';
