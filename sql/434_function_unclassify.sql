-- since: 0.3.0
-- Removes a classification. By names as well as by regclass: a classification whose table
-- was renamed or dropped can only be named by its stored names.
CREATE OR REPLACE FUNCTION sec_check.unclassify(p_schema text, p_table text, p_column text DEFAULT NULL)
RETURNS boolean
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_found boolean;
BEGIN
  DELETE FROM sec_check.classifications AS k
   WHERE k.schema_name = p_schema AND k.table_name = p_table
     AND coalesce(k.column_name, '') = coalesce(p_column, '');
  GET DIAGNOSTICS v_found = ROW_COUNT;
  RETURN v_found;
END
$$;
REVOKE ALL ON FUNCTION sec_check.unclassify(text, text, text) FROM PUBLIC;
COMMENT ON FUNCTION sec_check.unclassify(text, text, text) IS
  'Removes the classification of table p_schema.p_table (p_column NULL) or of one column, by stored names (works after the table was renamed or dropped); true when one was removed. SECURITY DEFINER; granted by grant_object_audit_access(role, true).';

CREATE OR REPLACE FUNCTION sec_check.unclassify(p_target regclass, p_column text DEFAULT NULL)
RETURNS boolean
LANGUAGE sql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT sec_check.unclassify(n.nspname::text, c.relname::text, p_column)
    FROM pg_catalog.pg_class AS c JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
   WHERE c.oid = p_target
$$;
REVOKE ALL ON FUNCTION sec_check.unclassify(regclass, text) FROM PUBLIC;
COMMENT ON FUNCTION sec_check.unclassify(regclass, text) IS
  'Removes the classification of a table (p_column NULL) or of one of its columns; true when one was removed. SECURITY DEFINER; granted by grant_object_audit_access(role, true).';
