-- since: 0.2.0
-- The code hash taken when this script ran (install or upgrade), frozen into a function body.
DO $fingerprint$
BEGIN
  EXECUTE pg_catalog.format($f$
    CREATE OR REPLACE FUNCTION sec_check.ddl_trail_expected_hash()
    RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
    AS %L$f$, pg_catalog.format('SELECT %L::text', sec_check.ddl_trail_code_hash()));
END
$fingerprint$;
COMMENT ON FUNCTION sec_check.ddl_trail_expected_hash() IS
  'sha256 of the DDL trail''s writing code as the extension script installed it; differs from ddl_trail_code_hash() when that code was replaced.';
