-- since: 0.3.0
-- The pgaudit ingester's role (sec-check pgaudit ingest --store, usually run by the host
-- agent): it appends events and moves its own progress, nothing else. No DELETE, no reading
-- of other sec_check data. With p_in_database, also sec_check.pgaudit_ingest() and the engine
-- it calls; reading the server's files (pg_read_server_files, pg_monitor) is the superuser's
-- separate decision.
CREATE OR REPLACE FUNCTION sec_check.grant_pgaudit_ingest(p_role regrole, p_in_database boolean DEFAULT false)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  EXECUTE format('GRANT USAGE ON SCHEMA sec_check TO %s', p_role);
  EXECUTE format('GRANT INSERT ON sec_check.audit_events TO %s', p_role);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE ON sec_check.audit_ingest_state TO %s', p_role);
  IF p_in_database THEN
    EXECUTE format('GRANT EXECUTE ON FUNCTION sec_check.pgaudit_ingest(text, integer), sec_check.engine(jsonb) TO %s', p_role);
    IF NOT (pg_has_role(p_role::oid, 'pg_read_server_files', 'USAGE') AND pg_has_role(p_role::oid, 'pg_monitor', 'USAGE')) THEN
      RAISE NOTICE 'sec_check: % also needs pg_read_server_files and pg_monitor to run sec_check.pgaudit_ingest()', p_role;
    END IF;
  END IF;
END
$$;
REVOKE ALL ON FUNCTION sec_check.grant_pgaudit_ingest(regrole, boolean) FROM PUBLIC;
COMMENT ON FUNCTION sec_check.grant_pgaudit_ingest(regrole, boolean) IS
  'Lets a role ingest pgaudit records (sec-check pgaudit ingest --store): INSERT on audit_events, SELECT/INSERT/UPDATE on audit_ingest_state; with true also EXECUTE on sec_check.pgaudit_ingest() and the engine (the role needs pg_read_server_files and pg_monitor besides). Run as the extension owner.';
