-- since: 0.2.0
-- Read access to the trail for an auditor or a forwarder (sec-check listen), in the style
-- of grant_audit_access. Writing stays with the extension owner.
CREATE OR REPLACE FUNCTION sec_check.grant_ddl_trail_access(p_role regrole)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM sec_check.grant_privileges(p_role, ARRAY[
    'SELECT ON sec_check.ddl_log, sec_check.ddl_activity, sec_check.ddl_log_heads',
    'EXECUTE ON FUNCTION sec_check.ddl_log_verify(bigint, text), sec_check.ddl_trail_status(),
      sec_check.ddl_log_record_head(bigint), sec_check.ddl_trail_code_hash(), sec_check.ddl_trail_expected_hash(),
      sec_check.ddl_log_hash(sec_check.ddl_log), sec_check.ddl_log_canonical(sec_check.ddl_log)']);
END
$$;
COMMENT ON FUNCTION sec_check.grant_ddl_trail_access(regrole) IS
  'Lets a role read the DDL trail (ddl_log, ddl_activity, heads), verify it, record heads and run the trail check. Run as the extension owner.';
