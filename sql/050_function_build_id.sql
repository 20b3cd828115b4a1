-- since: 0.1.0
CREATE OR REPLACE FUNCTION sec_check.build_id()
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$ SELECT '@BUILD_ID@'::text $$;

COMMENT ON FUNCTION sec_check.build_id() IS
  'Build id of the installed engine; the engine refuses to run when a session still holds older code.';
