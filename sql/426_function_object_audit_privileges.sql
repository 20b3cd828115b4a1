-- since: 0.3.0
-- Shared by object_audit() and object_audit_remove(): validates a target, its actions and
-- columns, and returns the privilege list of a GRANT/REVOKE ("SELECT (a, b), UPDATE (a, b)"
-- or "SELECT, DELETE") with every identifier quoted.
CREATE OR REPLACE FUNCTION sec_check.object_audit_privileges(p_target regclass, p_actions text[], p_columns text[])
RETURNS text
LANGUAGE plpgsql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_kind "char";
  v_actions text[];
  v_bad text;
  v_cols text;
BEGIN
  IF p_target IS NULL THEN
    RAISE EXCEPTION 'object audit: the target table is NULL' USING ERRCODE = 'null_value_not_allowed';
  END IF;
  SELECT c.relkind INTO v_kind FROM pg_catalog.pg_class AS c WHERE c.oid = p_target;
  IF v_kind IS NULL OR v_kind NOT IN ('r', 'p', 'v', 'm', 'f') THEN
    RAISE EXCEPTION 'object audit: % is not a table, view, materialized view or foreign table', p_target
      USING ERRCODE = 'wrong_object_type';
  END IF;
  IF p_actions IS NULL OR cardinality(p_actions) = 0 THEN
    RAISE EXCEPTION 'object audit: no actions given (expected some of SELECT, INSERT, UPDATE, DELETE)'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  SELECT string_agg(coalesce(quote_literal(a), 'NULL'), ', ') INTO v_bad FROM unnest(p_actions) AS a
   WHERE a IS NULL OR upper(btrim(a)) NOT IN ('SELECT', 'INSERT', 'UPDATE', 'DELETE');
  IF v_bad IS NOT NULL THEN
    RAISE EXCEPTION 'object audit: unknown action %: expected SELECT, INSERT, UPDATE or DELETE', v_bad
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  SELECT array_agg(a ORDER BY array_position(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE'], a)) INTO v_actions
    FROM (SELECT DISTINCT upper(btrim(x)) AS a FROM unnest(p_actions) AS x) AS d;
  IF p_columns IS NULL THEN
    RETURN array_to_string(v_actions, ', ');
  END IF;
  IF cardinality(p_columns) = 0 THEN
    RAISE EXCEPTION 'object audit: the column list is empty (pass NULL to audit the whole table %)', p_target
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF 'DELETE' = ANY (v_actions) THEN
    RAISE EXCEPTION 'object audit: DELETE cannot be audited per column (PostgreSQL has no column DELETE privilege)'
      USING ERRCODE = 'invalid_parameter_value',
            HINT = format('Audit DELETE on the whole table: SELECT sec_check.object_audit(%L::regclass, ''{DELETE}'');', p_target::text);
  END IF;
  SELECT string_agg(coalesce(quote_literal(col), 'NULL'), ', ') INTO v_bad FROM unnest(p_columns) AS col
   WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute AS t
                      WHERE t.attrelid = p_target AND t.attname = col AND t.attnum > 0 AND NOT t.attisdropped);
  IF v_bad IS NOT NULL THEN
    RAISE EXCEPTION 'object audit: % has no column %', p_target, v_bad USING ERRCODE = 'undefined_column';
  END IF;
  SELECT string_agg(quote_ident(col), ', ' ORDER BY col) INTO v_cols FROM (SELECT DISTINCT unnest(p_columns) AS col) AS d;
  RETURN (SELECT string_agg(format('%s (%s)', a, v_cols), ', ' ORDER BY o)
            FROM unnest(v_actions) WITH ORDINALITY AS x(a, o));
END
$$;
REVOKE ALL ON FUNCTION sec_check.object_audit_privileges(regclass, text[], text[]) FROM PUBLIC;
COMMENT ON FUNCTION sec_check.object_audit_privileges(regclass, text[], text[]) IS
  'Validates an object audit request (a table/view/foreign table, actions among SELECT/INSERT/UPDATE/DELETE, existing columns, no DELETE per column) and returns the quoted privilege list for GRANT/REVOKE. Used by object_audit() and object_audit_remove().';
