-- since: 0.2.0
-- Scheduling needs pg_cron in this database; say exactly what to set up when it is not.
CREATE OR REPLACE FUNCTION sec_check.require_pg_cron()
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_cron') THEN
    RAISE EXCEPTION 'sec_check scheduling needs the pg_cron extension in database "%"', current_database()
      USING HINT = format('Install pg_cron (e.g. the postgresql-%s-cron package), set shared_preload_libraries = ''pg_cron'' and cron.database_name = ''%s'' in postgresql.conf, restart PostgreSQL, then run CREATE EXTENSION pg_cron; in that database.',
                          current_setting('server_version_num')::integer / 10000, current_database());
  END IF;
END
$$;

REVOKE ALL ON FUNCTION sec_check.require_pg_cron() FROM PUBLIC;

COMMENT ON FUNCTION sec_check.require_pg_cron() IS
  'Raises an error naming what to install and configure (shared_preload_libraries, cron.database_name) when pg_cron is not installed in this database.';
