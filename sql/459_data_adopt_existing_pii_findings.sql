-- since: 0.4.0
-- Upgrading from 0.3.0: there, every PII finding of a column that still exists was a
-- sensitive column. Keep what the installation already holds to object audit by adopting
-- those findings (source pii_scan); from now on a scan's findings are adopted explicitly
-- (sec_check.adopt_pii_findings). Nothing to do on a fresh install.
INSERT INTO sec_check.classifications (schema_name, table_name, column_name, label, source)
SELECT f.schema_name, f.table_name, f.column_name,
       'pii: ' || string_agg(DISTINCT f.category, ', ' ORDER BY f.category), 'pii_scan'
  FROM sec_check.pii_findings f
 WHERE f.database_name = pg_catalog.current_database()
   AND EXISTS (SELECT 1
                 FROM pg_catalog.pg_attribute AS a
                 JOIN pg_catalog.pg_class AS r ON r.oid = a.attrelid
                 JOIN pg_catalog.pg_namespace AS n ON n.oid = r.relnamespace
                WHERE n.nspname = f.schema_name AND r.relname = f.table_name AND a.attname = f.column_name
                  AND a.attnum > 0 AND NOT a.attisdropped)
   AND NOT EXISTS (SELECT 1 FROM sec_check.classifications c
                    WHERE c.schema_name = f.schema_name AND c.table_name = f.table_name
                      AND (c.column_name = f.column_name OR c.column_name IS NULL))
 GROUP BY f.schema_name, f.table_name, f.column_name
ON CONFLICT DO NOTHING;
