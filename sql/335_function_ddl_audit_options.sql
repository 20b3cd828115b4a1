-- since: 0.2.0
-- Validates ddl_audit_enable's options and fills in the defaults, so the trigger function
-- can read them without checks. One error naming the option and the bad value. "strict" is
-- on by default (since 0.4.0): a DDL whose rows cannot be written fails; off is a choice the
-- owner makes explicitly, and the built-in check reports it.
CREATE OR REPLACE FUNCTION sec_check.ddl_audit_options(p_options jsonb)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_defaults constant jsonb := jsonb_build_object(
    'exclude_temporary', false, 'exclude_roles', '[]'::jsonb, 'exclude_schemas', '[]'::jsonb,
    'include_tags', '[]'::jsonb, 'exclude_tags', '[]'::jsonb, 'strict', true, 'login', false,
    'notify', 'id', 'max_statement_chars', 65536);
  v_key text;
  v_value jsonb;
  v_out jsonb;
BEGIN
  IF p_options IS NULL THEN
    p_options := '{}';
  END IF;
  IF jsonb_typeof(p_options) <> 'object' THEN
    RAISE EXCEPTION 'sec_check.ddl_audit_enable: options must be a JSON object, got %', p_options;
  END IF;
  FOR v_key, v_value IN SELECT * FROM jsonb_each(p_options) LOOP
    IF NOT v_defaults ? v_key THEN
      RAISE EXCEPTION 'sec_check.ddl_audit_enable: unknown option "%"', v_key
        USING HINT = 'Known options: ' || (SELECT string_agg(k, ', ' ORDER BY k) FROM jsonb_object_keys(v_defaults) k);
    END IF;
    IF jsonb_typeof(v_defaults -> v_key) <> jsonb_typeof(v_value)
       OR (jsonb_typeof(v_value) = 'array'
           AND EXISTS (SELECT 1 FROM jsonb_array_elements(v_value) e WHERE jsonb_typeof(e) <> 'string')) THEN
      RAISE EXCEPTION 'sec_check.ddl_audit_enable: option "%" must be %, got %', v_key,
        CASE jsonb_typeof(v_defaults -> v_key) WHEN 'array' THEN 'an array of strings'
             WHEN 'boolean' THEN 'true or false' WHEN 'number' THEN 'a number' ELSE 'a string' END,
        v_value;
    END IF;
  END LOOP;
  v_out := v_defaults || p_options;
  IF v_out ->> 'notify' NOT IN ('id', 'full', 'off') THEN
    RAISE EXCEPTION 'sec_check.ddl_audit_enable: option "notify" must be "id", "full" or "off", got %', v_out -> 'notify';
  END IF;
  IF (v_out ->> 'max_statement_chars')::numeric NOT BETWEEN 0 AND 1048576
     OR (v_out ->> 'max_statement_chars')::numeric <> trunc((v_out ->> 'max_statement_chars')::numeric) THEN
    RAISE EXCEPTION 'sec_check.ddl_audit_enable: option "max_statement_chars" must be a whole number from 0 to 1048576, got %', v_out -> 'max_statement_chars';
  END IF;
  -- tags compare upper case, as TG_TAG spells them
  v_out := jsonb_set(v_out, '{include_tags}', (SELECT coalesce(jsonb_agg(upper(t)), '[]') FROM jsonb_array_elements_text(v_out -> 'include_tags') t));
  v_out := jsonb_set(v_out, '{exclude_tags}', (SELECT coalesce(jsonb_agg(upper(t)), '[]') FROM jsonb_array_elements_text(v_out -> 'exclude_tags') t));
  RETURN v_out;
END
$$;
COMMENT ON FUNCTION sec_check.ddl_audit_options(jsonb) IS
  'Validates DDL trail options and returns them with defaults: exclude_temporary, exclude_roles, exclude_schemas, include_tags, exclude_tags, strict (default true: a DDL that cannot be recorded fails), login (PostgreSQL 17+), notify (id|full|off), max_statement_chars.';
