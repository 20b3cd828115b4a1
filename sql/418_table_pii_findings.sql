-- since: 0.3.0
-- PII discovery results (sec_check.pii_scan in the database, sec-check pii --store from the
-- CLI). Rows hold masked samples only: the CHECK below refuses a sample without the mask
-- marker, and sec_check.record_pii_findings is the only writer.
CREATE TABLE sec_check.pii_findings (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  scan_id       bigint NOT NULL,
  origin        text NOT NULL CHECK (origin IN ('database', 'cli')),
  scanned_at    timestamptz NOT NULL DEFAULT now(),
  posted_by     name NOT NULL DEFAULT session_user,
  database_name text NOT NULL DEFAULT current_database(),
  schema_name   text NOT NULL,
  table_name    text NOT NULL,
  column_name   text NOT NULL,
  rule_id       text NOT NULL,
  category      text NOT NULL CHECK (category IN ('email', 'phone', 'payment_card', 'iban', 'inn', 'snils', 'passport_ru', 'ssn', 'ip_address', 'secret', 'password_hash')),
  severity      text NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low', 'info')),
  match_count   integer NOT NULL CHECK (match_count >= 0),
  sampled       integer NOT NULL CHECK (sampled >= match_count),
  masked_sample text NOT NULL CHECK (position('***' IN masked_sample) > 0 AND length(masked_sample) <= 120),
  primary_key   jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(primary_key) = 'object'),
  confidence    real NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
  sampling      text NOT NULL CHECK (sampling IN ('tablesample', 'limit'))
);

CREATE INDEX pii_findings_scan_id ON sec_check.pii_findings (scan_id);
COMMENT ON INDEX sec_check.pii_findings_scan_id IS 'The findings of one scan (sec-check pii --store prints its scan id).';

-- One number per scan (all findings of a scan share it).
CREATE SEQUENCE sec_check.pii_scan_ids;

COMMENT ON TABLE sec_check.pii_findings IS
  'PII discovery findings: one row per column and rule of a scan, with a masked sample (never the value), the sampled row''s primary key and the share of sampled values that matched. Written only by sec_check.record_pii_findings.';
COMMENT ON SEQUENCE sec_check.pii_scan_ids IS 'Scan ids of sec_check.pii_findings.';

SELECT pg_catalog.pg_extension_config_dump('sec_check.pii_findings', '');
SELECT pg_catalog.pg_extension_config_dump('sec_check.pii_findings_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('sec_check.pii_scan_ids', '');
COMMENT ON COLUMN sec_check.pii_findings.id IS 'Finding id.';
COMMENT ON COLUMN sec_check.pii_findings.scan_id IS 'The scan (all findings of one scan share it).';
COMMENT ON COLUMN sec_check.pii_findings.origin IS 'database (sec_check.pii_scan) or cli (sec-check pii --store).';
COMMENT ON COLUMN sec_check.pii_findings.scanned_at IS 'When the scan was stored.';
COMMENT ON COLUMN sec_check.pii_findings.posted_by IS 'Session user that stored it.';
COMMENT ON COLUMN sec_check.pii_findings.database_name IS 'Database that was scanned.';
COMMENT ON COLUMN sec_check.pii_findings.schema_name IS 'Schema of the table.';
COMMENT ON COLUMN sec_check.pii_findings.table_name IS 'The table.';
COMMENT ON COLUMN sec_check.pii_findings.column_name IS 'The column where personal data was found.';
COMMENT ON COLUMN sec_check.pii_findings.rule_id IS 'PII rule that matched (pii/<rule_id>/).';
COMMENT ON COLUMN sec_check.pii_findings.category IS 'email, phone, payment_card, iban, inn, snils, passport_ru, ssn, ip_address, secret or password_hash.';
COMMENT ON COLUMN sec_check.pii_findings.severity IS 'Severity of the rule.';
COMMENT ON COLUMN sec_check.pii_findings.match_count IS 'Sampled values that matched.';
COMMENT ON COLUMN sec_check.pii_findings.sampled IS 'Values sampled.';
COMMENT ON COLUMN sec_check.pii_findings.masked_sample IS 'A masked example (never the value).';
COMMENT ON COLUMN sec_check.pii_findings.primary_key IS 'Primary key of the first sampled row that matched ({} without a readable key).';
COMMENT ON COLUMN sec_check.pii_findings.confidence IS '0..1: how sure the rule is.';
COMMENT ON COLUMN sec_check.pii_findings.sampling IS 'tablesample or limit: how the rows were sampled.';
