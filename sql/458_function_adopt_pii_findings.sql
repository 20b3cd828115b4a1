-- since: 0.4.0
-- The explicit step from "PII discovery found personal data here" to "this column is
-- sensitive" (which the object_audit_coverage check then holds to object audit). A scan
-- only stores its findings; a role that manages classifications decides what to adopt.
-- SECURITY DEFINER to write sec_check.classifications, granted with
-- grant_object_audit_access(role, true) like classify(). A column already classified (by
-- hand or adopted before) keeps its classification; a column that no longer exists is skipped.
-- Adopting classifies, so it needs what classify() needs, per column: the caller (the role
-- the session acts as) owns the table (or is a member of its owner) or holds SELECT WITH
-- GRANT OPTION on the column. Other findings of the scan are neither adopted nor returned
-- (the row-level security on pii_findings would hide them from the caller too); a NOTICE
-- says how many were left to someone with that authority.
CREATE OR REPLACE FUNCTION sec_check.adopt_pii_findings(p_scan_id bigint DEFAULT NULL)
RETURNS TABLE (schema_name name, table_name name, column_name name, label text)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
  v_scan    bigint := p_scan_id;
  v_caller  name := CASE WHEN current_setting('role') = 'none' THEN session_user ELSE current_setting('role') END;
  v_skipped bigint;
BEGIN
  IF v_scan IS NULL THEN
    SELECT max(f.scan_id) INTO v_scan FROM sec_check.pii_findings f WHERE f.database_name = current_database();
  ELSIF NOT EXISTS (SELECT 1 FROM sec_check.pii_findings f WHERE f.scan_id = v_scan AND f.database_name = current_database()) THEN
    RAISE EXCEPTION 'sec_check.adopt_pii_findings: there is no PII scan % of database %', v_scan, current_database()
      USING ERRCODE = '22023', HINT = 'SELECT DISTINCT scan_id, scanned_at FROM sec_check.pii_findings lists the scans.';
  END IF;
  SELECT count(DISTINCT (f.schema_name, f.table_name, f.column_name)) INTO v_skipped
    FROM sec_check.pii_findings f
   WHERE f.scan_id = v_scan AND f.database_name = current_database()
     AND NOT EXISTS (SELECT 1
                       FROM pg_catalog.pg_attribute AS a
                       JOIN pg_catalog.pg_class AS r ON r.oid = a.attrelid
                       JOIN pg_catalog.pg_namespace AS n ON n.oid = r.relnamespace
                      WHERE n.nspname = f.schema_name AND r.relname = f.table_name AND a.attname = f.column_name
                        AND a.attnum > 0 AND NOT a.attisdropped
                        AND (pg_catalog.pg_has_role(v_caller, r.relowner, 'USAGE')
                             OR pg_catalog.has_column_privilege(v_caller, r.oid, a.attnum, 'SELECT WITH GRANT OPTION')));
  IF v_skipped > 0 THEN
    RAISE NOTICE 'sec_check.adopt_pii_findings: % column(s) of scan % not adopted: gone, or role % neither owns the table nor holds SELECT on the column WITH GRANT OPTION', v_skipped, v_scan, v_caller;
  END IF;
  RETURN QUERY
  INSERT INTO sec_check.classifications AS k (schema_name, table_name, column_name, label, source)
  SELECT f.schema_name, f.table_name, f.column_name,
         'pii: ' || string_agg(DISTINCT f.category, ', ' ORDER BY f.category), 'pii_scan'
    FROM sec_check.pii_findings f
   WHERE f.scan_id = v_scan AND f.database_name = current_database()
     AND EXISTS (SELECT 1
                   FROM pg_catalog.pg_attribute AS a
                   JOIN pg_catalog.pg_class AS r ON r.oid = a.attrelid
                   JOIN pg_catalog.pg_namespace AS n ON n.oid = r.relnamespace
                  WHERE n.nspname = f.schema_name AND r.relname = f.table_name AND a.attname = f.column_name
                    AND a.attnum > 0 AND NOT a.attisdropped
                    AND (pg_catalog.pg_has_role(v_caller, r.relowner, 'USAGE')
                         OR pg_catalog.has_column_privilege(v_caller, r.oid, a.attnum, 'SELECT WITH GRANT OPTION')))
     AND NOT EXISTS (SELECT 1 FROM sec_check.classifications c
                      WHERE c.schema_name = f.schema_name AND c.table_name = f.table_name
                        AND (c.column_name = f.column_name OR c.column_name IS NULL))
   GROUP BY f.schema_name, f.table_name, f.column_name
   ORDER BY f.schema_name, f.table_name, f.column_name
  ON CONFLICT DO NOTHING
  RETURNING k.schema_name, k.table_name, k.column_name, k.label;
END
$$;

REVOKE ALL ON FUNCTION sec_check.adopt_pii_findings(bigint) FROM PUBLIC;

COMMENT ON FUNCTION sec_check.adopt_pii_findings(bigint) IS
  'Classifies the columns where a PII scan (default: the newest of this database) found personal data as sensitive (label "pii: <categories>", source pii_scan), except columns already classified or gone and columns of tables the caller may not classify (it must own the table or hold SELECT on the column WITH GRANT OPTION, as for classify); returns what it adopted. The one way scan findings reach sensitive_columns. Granted with grant_object_audit_access(role, true).';
