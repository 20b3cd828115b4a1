-- since: 0.3.0
-- The pgaudit ingester's role (sec-check pgaudit ingest --store, usually run by the host
-- agent): it appends events and moves its own progress, nothing else. No DELETE, no reading
-- of other sec_check data. With p_in_database, also sec_check.pgaudit_ingest(), the engine it
-- calls and the file functions it reads the log with (pg_read_binary_file, pg_stat_file,
-- pg_ls_logdir: that opens every file of the data directory to the role; run as superuser).
CREATE OR REPLACE FUNCTION sec_check.grant_pgaudit_ingest(p_role regrole, p_in_database boolean DEFAULT false)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM sec_check.grant_privileges(p_role, ARRAY[
    'INSERT ON sec_check.audit_events',
    'SELECT, INSERT, UPDATE ON sec_check.audit_ingest_state']);
  IF p_in_database THEN
    PERFORM sec_check.grant_privileges(p_role, ARRAY[
      'EXECUTE ON FUNCTION sec_check.pgaudit_ingest(text, integer), sec_check.pgaudit_log_directory(), sec_check.engine(jsonb)',
      -- reading the log: these also let the role read any file in the data directory
      'EXECUTE ON FUNCTION pg_catalog.pg_read_binary_file(text, bigint, bigint, boolean),
        pg_catalog.pg_stat_file(text, boolean), pg_catalog.pg_ls_logdir()']);
    RAISE NOTICE 'sec_check: % may now read files of the data and log directories (pg_read_binary_file); it needs pg_read_server_files too if log_directory is elsewhere', p_role;
  END IF;
END
$$;
REVOKE ALL ON FUNCTION sec_check.grant_pgaudit_ingest(regrole, boolean) FROM PUBLIC;
COMMENT ON FUNCTION sec_check.grant_pgaudit_ingest(regrole, boolean) IS
  'Lets a role ingest pgaudit records (sec-check pgaudit ingest --store): INSERT on audit_events, SELECT/INSERT/UPDATE on audit_ingest_state; with true also EXECUTE on sec_check.pgaudit_ingest(), the engine and pg_read_binary_file/pg_stat_file/pg_ls_logdir (files of the data directory become readable to the role; pg_read_server_files is still needed for a log_directory elsewhere). Run as a superuser.';
