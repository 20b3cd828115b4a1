-- since: 0.3.0
-- The single list of sensitive tables/columns every coverage and access view reads: manual
-- classifications, and the columns PII discovery found (sec_check.pii_scan, sec-check pii
-- --store) that still exist and are not classified by hand (a manual label wins).
CREATE OR REPLACE VIEW sec_check.sensitive_columns AS
SELECT c.schema_name, c.table_name, c.column_name, c.label, 'classify'::text AS source
  FROM sec_check.classifications AS c
UNION ALL
SELECT p.schema_name, p.table_name, p.column_name, p.label, 'pii_scan'::text AS source
  FROM (SELECT f.schema_name, f.table_name, f.column_name,
               string_agg(DISTINCT f.category, ',' ORDER BY f.category) AS label
          FROM sec_check.pii_findings AS f
         WHERE f.database_name = pg_catalog.current_database()
         GROUP BY f.schema_name, f.table_name, f.column_name) AS p
 WHERE EXISTS (SELECT 1
                 FROM pg_catalog.pg_attribute AS a
                 JOIN pg_catalog.pg_class AS r ON r.oid = a.attrelid
                 JOIN pg_catalog.pg_namespace AS n ON n.oid = r.relnamespace
                WHERE n.nspname = p.schema_name AND r.relname = p.table_name AND a.attname = p.column_name
                  AND a.attnum > 0 AND NOT a.attisdropped)
   AND NOT EXISTS (SELECT 1 FROM sec_check.classifications AS c
                    WHERE c.schema_name = p.schema_name AND c.table_name = p.table_name
                      AND (c.column_name = p.column_name OR c.column_name IS NULL));
COMMENT ON VIEW sec_check.sensitive_columns IS
  'Sensitive tables and columns of this database (schema_name, table_name, column_name NULL for a whole table, label, source): manual classifications (source classify) and columns where PII discovery found personal data (source pii_scan, label = the categories found; only columns that still exist and are not classified by hand). The one source object_audit_gaps, sensitive_access and the object_audit_coverage check read.';
REVOKE ALL ON sec_check.sensitive_columns FROM PUBLIC;
