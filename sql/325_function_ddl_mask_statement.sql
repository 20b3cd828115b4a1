-- since: 0.2.0
-- Statement text as the trail stores it: secrets replaced by '***', then cut to a bound.
-- Masked before cutting, so a cut can never leave the start of a password behind.
-- Covers PASSWORD '...' / ENCRYPTED PASSWORD '...' (CREATE/ALTER ROLE, USER, GROUP, also
-- present when such a statement shares a query string with DDL), password '...' in
-- OPTIONS (user mappings, servers) and password=... inside connection strings
-- (CREATE/ALTER SUBSCRIPTION, dblink/postgres_fdw options). Literals may be '...', E'...',
-- U&'...' or dollar-quoted.
CREATE OR REPLACE FUNCTION sec_check.ddl_mask_statement(p_statement text, p_max_chars integer)
RETURNS TABLE (statement text, truncated boolean)
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  v_text text := p_statement;
BEGIN
  -- most DDL has no password in it: skip the regular expressions then
  IF v_text IS NOT NULL AND strpos(lower(v_text), 'password') = 0 THEN
    IF p_max_chars IS NULL OR length(v_text) <= p_max_chars THEN
      RETURN QUERY SELECT v_text, false;
      RETURN;
    END IF;
  ELSIF v_text IS NULL THEN
    RETURN QUERY SELECT NULL::text, false;
    RETURN;
  END IF;
  -- keyword PASSWORD followed by a literal
  v_text := regexp_replace(v_text,
    $re$(\mpassword\s+)(?:[eE]'(?:[^'\\]|\\.|'')*'|[uU]&'(?:[^']|'')*'|'(?:[^']|'')*'|\$([A-Za-z_][A-Za-z_0-9]*)?\$[^$]*\$\2\$)$re$,
    '\1''***''', 'gi');
  -- a dollar-quoted password containing "$" is not matched above: mask the rest of the text
  v_text := regexp_replace(v_text, $re$(\mpassword\s+)\$.*$$re$, '\1''***'' [sec_check: rest masked]', 'i');
  -- password=value inside a connection string (the value may be quoted with '' or \' in SQL)
  v_text := regexp_replace(v_text,
    $re$(\mpassword\s*=\s*)(?:''(?:[^'\\]|\\.)*''|\\'(?:[^'\\]|\\.)*\\'|[^\s']+)$re$,
    '\1***', 'gi');
  IF p_max_chars IS NOT NULL AND length(v_text) > p_max_chars THEN
    RETURN QUERY SELECT left(v_text, p_max_chars) || format(' ... [sec_check: truncated, %s characters in all]', length(v_text)), true;
    RETURN;
  END IF;
  RETURN QUERY SELECT v_text, false;
END
$fn$;
COMMENT ON FUNCTION sec_check.ddl_mask_statement(text, integer) IS
  'Statement text for the DDL trail: passwords (PASSWORD literals, password options, password= in connection strings) replaced by ***, then cut to p_max_chars with a truncation marker.';
