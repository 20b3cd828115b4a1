-- since: 0.3.0
-- Marks a table (p_column NULL) or one of its columns as sensitive. SECURITY DEFINER to
-- write sec_check.classifications; who may call it is decided by EXECUTE (granted by
-- grant_object_audit_access(role, true)), and which tables by the caller's own authority
-- over the table, the one object_audit needs: its owner (or a member of the owner role), or
-- a holder of SELECT WITH GRANT OPTION on it (on the column, for a column). The caller is
-- the role the session acts as (SET ROLE, else the session user): inside this function
-- current_user is the extension owner. Stored by name (see 420_table_classifications).
CREATE OR REPLACE FUNCTION sec_check.classify(p_target regclass, p_column text, p_label text)
RETURNS void
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_schema name;
  v_table name;
  v_kind "char";
  v_caller name := CASE WHEN current_setting('role') = 'none' THEN session_user ELSE current_setting('role') END;
BEGIN
  IF p_target IS NULL THEN
    RAISE EXCEPTION 'classify: the target table is NULL' USING ERRCODE = 'null_value_not_allowed';
  END IF;
  SELECT n.nspname, c.relname, c.relkind INTO v_schema, v_table, v_kind
    FROM pg_catalog.pg_class AS c JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace WHERE c.oid = p_target;
  IF v_kind IS NULL OR v_kind NOT IN ('r', 'p', 'v', 'm', 'f') THEN
    RAISE EXCEPTION 'classify: % is not a table, view, materialized view or foreign table', p_target
      USING ERRCODE = 'wrong_object_type';
  END IF;
  IF p_column IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute AS t
      WHERE t.attrelid = p_target AND t.attname = p_column AND t.attnum > 0 AND NOT t.attisdropped) THEN
    RAISE EXCEPTION 'classify: % has no column %', p_target, quote_literal(p_column) USING ERRCODE = 'undefined_column';
  END IF;
  IF NOT (pg_has_role(v_caller, (SELECT c.relowner FROM pg_catalog.pg_class AS c WHERE c.oid = p_target), 'USAGE')
          OR CASE WHEN p_column IS NULL THEN has_table_privilege(v_caller, p_target, 'SELECT WITH GRANT OPTION')
                  ELSE has_column_privilege(v_caller, p_target, p_column, 'SELECT WITH GRANT OPTION') END) THEN
    RAISE EXCEPTION 'classify: role % may not classify %: it must own the table or hold SELECT on it WITH GRANT OPTION', v_caller, p_target
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF p_label IS NULL OR btrim(p_label) = '' OR length(p_label) > 100 THEN
    RAISE EXCEPTION 'classify: the label must be 1 to 100 characters, found %', coalesce(quote_literal(p_label), 'NULL')
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  INSERT INTO sec_check.classifications AS k (schema_name, table_name, column_name, label)
  VALUES (v_schema, v_table, p_column, btrim(p_label))
  ON CONFLICT (schema_name, table_name, (coalesce(column_name, '')))
  DO UPDATE SET label = EXCLUDED.label, classified_by = session_user, classified_at = pg_catalog.now(), source = 'classify';
END
$$;
REVOKE ALL ON FUNCTION sec_check.classify(regclass, text, text) FROM PUBLIC;
COMMENT ON FUNCTION sec_check.classify(regclass, text, text) IS
  'Classifies a table (p_column NULL) or an existing column as sensitive with a label (e.g. pii); classifying again replaces the label. Stored by name in sec_check.classifications. SECURITY DEFINER; granted by grant_object_audit_access(role, true); the caller must own the table or hold SELECT on it WITH GRANT OPTION.';
