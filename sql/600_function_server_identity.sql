-- since: 0.4.0
-- Which server and database this is, for `sec-check fleet --collect`: the cluster's system
-- identifier (the same for every host name, address or socket of one cluster, and kept by
-- its standbys) and the database. pg_control_system() is not granted to PUBLIC, so this
-- definer function is how a collector that may only read learns it.
CREATE OR REPLACE FUNCTION sec_check.server_identity(OUT system_identifier text, OUT database_name text, OUT server_version text)
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT (SELECT c.system_identifier::text FROM pg_catalog.pg_control_system() c),
         pg_catalog.current_database()::text,
         pg_catalog.current_setting('server_version')
$$;

REVOKE ALL ON FUNCTION sec_check.server_identity() FROM PUBLIC;

COMMENT ON FUNCTION sec_check.server_identity() IS
  'The cluster''s system identifier, the current database and the server version: the identity under which `sec-check fleet --collect` files this database''s runs in the central database. Granted by grant_fleet_source_access.';
