-- since: 0.3.0
-- Removes a classification. By names as well as by regclass: a classification whose table
-- was renamed or dropped can only be named by its stored names. The caller needs the
-- authority classify needs on the table (owner, or SELECT WITH GRANT OPTION); for a name that
-- no longer resolves to a table, it must be a superuser or the role that classified it.
CREATE OR REPLACE FUNCTION sec_check.unclassify(p_schema text, p_table text, p_column text DEFAULT NULL)
RETURNS boolean
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_found  boolean;
  v_caller name := CASE WHEN current_setting('role') = 'none' THEN session_user ELSE current_setting('role') END;
  v_target oid;
BEGIN
  SELECT c.oid INTO v_target
    FROM pg_catalog.pg_class AS c JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
   WHERE n.nspname = p_schema AND c.relname = p_table;
  IF v_target IS NOT NULL THEN
    IF NOT (pg_has_role(v_caller, (SELECT c.relowner FROM pg_catalog.pg_class AS c WHERE c.oid = v_target), 'USAGE')
            OR CASE WHEN p_column IS NULL OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute AS a
                                                        WHERE a.attrelid = v_target AND a.attname = p_column AND a.attnum > 0 AND NOT a.attisdropped)
                    THEN has_table_privilege(v_caller, v_target, 'SELECT WITH GRANT OPTION')
                    ELSE has_column_privilege(v_caller, v_target, p_column, 'SELECT WITH GRANT OPTION') END) THEN
      RAISE EXCEPTION 'unclassify: role % may not unclassify %.%: it must own the table or hold SELECT on it WITH GRANT OPTION',
        v_caller, quote_ident(p_schema), quote_ident(p_table) USING ERRCODE = 'insufficient_privilege';
    END IF;
  ELSIF NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles AS r WHERE r.rolname = v_caller)
        AND EXISTS (SELECT 1 FROM sec_check.classifications AS k
                     WHERE k.schema_name = p_schema AND k.table_name = p_table
                       AND coalesce(k.column_name, '') = coalesce(p_column, '')
                       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles AS r
                                        WHERE r.rolname = k.classified_by AND pg_has_role(v_caller, r.oid, 'USAGE'))) THEN
    RAISE EXCEPTION 'unclassify: role % may not unclassify %.%: there is no such table any more, so only a superuser or the role that classified it may',
      v_caller, quote_ident(p_schema), quote_ident(p_table) USING ERRCODE = 'insufficient_privilege';
  END IF;
  DELETE FROM sec_check.classifications AS k
   WHERE k.schema_name = p_schema AND k.table_name = p_table
     AND coalesce(k.column_name, '') = coalesce(p_column, '');
  GET DIAGNOSTICS v_found = ROW_COUNT;
  RETURN v_found;
END
$$;
REVOKE ALL ON FUNCTION sec_check.unclassify(text, text, text) FROM PUBLIC;
COMMENT ON FUNCTION sec_check.unclassify(text, text, text) IS
  'Removes the classification of table p_schema.p_table (p_column NULL) or of one column, by stored names (works after the table was renamed or dropped); true when one was removed. SECURITY DEFINER; granted by grant_object_audit_access(role, true); the caller must own the table or hold SELECT on it WITH GRANT OPTION (a table that no longer exists: a superuser or the role that classified it).';

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
  'Removes the classification of a table (p_column NULL) or of one of its columns; true when one was removed. SECURITY DEFINER; granted by grant_object_audit_access(role, true); the caller must own the table or hold SELECT on it WITH GRANT OPTION.';
