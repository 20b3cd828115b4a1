-- since: 0.3.0
-- Which tables and columns hold sensitive data (a label such as 'pii', 'secret', 'card').
-- Kept by name, not by oid: names survive pg_dump/restore and a rebuild of the table, oids
-- do not. A renamed or dropped column leaves its row behind, and the object_audit_coverage
-- check reports it ('missing'), so a rename cannot silently end the coverage check.
-- Written only by sec_check.classify()/unclassify() (SECURITY DEFINER).
CREATE TABLE sec_check.classifications (
  schema_name   name NOT NULL,
  table_name    name NOT NULL,
  column_name   name,
  label         text NOT NULL CHECK (btrim(label) <> '' AND length(label) <= 100),
  classified_by name NOT NULL DEFAULT session_user,
  classified_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
  source        text NOT NULL DEFAULT 'classify' CHECK (source IN ('classify', 'pii_scan'))
);
CREATE UNIQUE INDEX classifications_target_idx
  ON sec_check.classifications (schema_name, table_name, (coalesce(column_name, '')));
COMMENT ON INDEX sec_check.classifications_target_idx IS 'One classification per table or column (a whole table has column_name NULL); classify() upserts on it.';
COMMENT ON TABLE sec_check.classifications IS
  'Tables (column_name NULL) and columns classified as sensitive with a label, by name (survives dump/restore). Written by sec_check.classify()/unclassify() and, for PII findings a role chose to adopt, sec_check.adopt_pii_findings(); read through sec_check.sensitive_columns.';
COMMENT ON COLUMN sec_check.classifications.column_name IS 'NULL: the whole table is sensitive (object audit must cover it at table level).';
COMMENT ON COLUMN sec_check.classifications.schema_name IS 'Schema of the classified table, by name.';
COMMENT ON COLUMN sec_check.classifications.table_name IS 'The classified table, view, materialized view or foreign table, by name.';
COMMENT ON COLUMN sec_check.classifications.label IS 'What kind of sensitive data it holds (e.g. pii, secret; adopted PII findings: pii: and the categories found).';
COMMENT ON COLUMN sec_check.classifications.classified_by IS 'Session user that classified it.';
COMMENT ON COLUMN sec_check.classifications.classified_at IS 'When it was classified.';
COMMENT ON COLUMN sec_check.classifications.source IS 'classify (by hand) or pii_scan (a PII finding adopted with sec_check.adopt_pii_findings).';
SELECT pg_catalog.pg_extension_config_dump('sec_check.classifications', '');
