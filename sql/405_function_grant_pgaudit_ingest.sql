-- since: 0.3.0
-- The pgaudit ingester's role (sec-check pgaudit ingest --store, usually run by the host
-- agent): it appends events and moves its own progress, nothing else. No DELETE, no reading
-- of other sec_check data.
CREATE OR REPLACE FUNCTION sec_check.grant_pgaudit_ingest(p_role regrole)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  EXECUTE format('GRANT USAGE ON SCHEMA sec_check TO %s', p_role);
  EXECUTE format('GRANT INSERT ON sec_check.audit_events TO %s', p_role);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE ON sec_check.audit_ingest_state TO %s', p_role);
END
$$;
REVOKE ALL ON FUNCTION sec_check.grant_pgaudit_ingest(regrole) FROM PUBLIC;
COMMENT ON FUNCTION sec_check.grant_pgaudit_ingest(regrole) IS
  'Lets a role ingest pgaudit records (sec-check pgaudit ingest --store): INSERT on audit_events, SELECT/INSERT/UPDATE on audit_ingest_state. Run as the extension owner.';
