-- migrates: sql/420_table_classifications.sql
-- Adopted PII findings are classifications with source pii_scan (sql/458, sql/459).
ALTER TABLE sec_check.classifications
  ADD COLUMN IF NOT EXISTS source text NOT NULL DEFAULT 'classify' CHECK (source IN ('classify', 'pii_scan'));
