-- since: 0.2.0
-- For roles that schedule their own audits (in addition to grant_audit_access, which lets
-- them run one). The jobs run as that role, with its privileges.
CREATE OR REPLACE FUNCTION sec_check.grant_schedule_access(p_role regrole)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM sec_check.require_pg_cron();
  PERFORM sec_check.grant_privileges(p_role, ARRAY[
    'USAGE ON SCHEMA cron',
    'EXECUTE ON FUNCTION sec_check.schedule(text, text, text[], text, text),
      sec_check.unschedule(text), sec_check.run_scheduled(text, text[], text, text),
      sec_check.record_schedule_run(text, bigint),
      sec_check.register_schedule(text, text, text[], text, text, bigint),
      sec_check.forget_schedule(text), sec_check.require_pg_cron()']);
END
$$;

REVOKE ALL ON FUNCTION sec_check.grant_schedule_access(regrole) FROM PUBLIC;

COMMENT ON FUNCTION sec_check.grant_schedule_access(regrole) IS
  'Lets a role schedule and unschedule its own audits with pg_cron (sec_check.schedule); give it grant_audit_access too. Its jobs run with its own privileges. Run as the extension owner.';
