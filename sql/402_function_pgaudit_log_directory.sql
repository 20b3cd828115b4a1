-- since: 0.3.0
-- log_directory is readable only with pg_read_all_settings; sec_check.pgaudit_ingest() needs
-- just this one value, so it gets it through this narrow SECURITY DEFINER function instead of a
-- role membership that would reveal every setting.
CREATE OR REPLACE FUNCTION sec_check.pgaudit_log_directory()
RETURNS text
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$ SELECT pg_catalog.current_setting('log_directory') $$;
REVOKE ALL ON FUNCTION sec_check.pgaudit_log_directory() FROM PUBLIC;
COMMENT ON FUNCTION sec_check.pgaudit_log_directory() IS
  'The server''s log_directory (relative to the data directory, or absolute), for sec_check.pgaudit_ingest(); granted with sec_check.grant_pgaudit_ingest(role, true).';
