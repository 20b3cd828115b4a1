-- since: 0.2.0
-- Statement text as the trail stores it: secrets replaced by '***' (sec_check.sql_mask, the
-- rules of src/core/sql-mask.ts: password literals and secret options, key=value and URI
-- passwords in any string, nested SQL; a regular expression decides first whether any of
-- that can be there), then cut to a bound. Masked before cutting, so a cut can never leave
-- the start of a password behind.
CREATE OR REPLACE FUNCTION sec_check.ddl_mask_statement(p_statement text, p_max_chars integer)
RETURNS TABLE (statement text, truncated boolean)
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
SET standard_conforming_strings = on
AS $fn$
#variable_conflict error
DECLARE
  v_text text := p_statement;
BEGIN
  IF v_text IS NULL THEN
    RETURN QUERY SELECT NULL::text, false;
    RETURN;
  END IF;
  IF p_max_chars IS NULL OR p_max_chars > 0 THEN
    v_text := (sec_check.sql_mask(v_text)).masked;
  END IF;
  IF p_max_chars IS NOT NULL AND length(v_text) > p_max_chars THEN
    RETURN QUERY SELECT left(v_text, p_max_chars) || format(' ... [sec_check: truncated, %s characters in all]', length(v_text)), true;
    RETURN;
  END IF;
  RETURN QUERY SELECT v_text, false;
END
$fn$;
COMMENT ON FUNCTION sec_check.ddl_mask_statement(text, integer) IS
  'Statement text for the DDL trail: secrets replaced by *** (sec_check.sql_mask), then cut to p_max_chars with a truncation marker.';
