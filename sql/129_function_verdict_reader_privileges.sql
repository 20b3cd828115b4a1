-- since: 0.4.0
-- The privilege lists every role that reads sec_check's verdicts needs besides its own
-- objects: EXECUTE on the pure functions the views and report_json call per row (plain
-- text, priority, exposure; PostgreSQL checks EXECUTE on them against the role reading the
-- view) and SELECT on effective_config (the installation settings, not secret). The
-- grant_* functions of auditors, agents, evidence readers and dashboards append these lists
-- to their own and hand them to sec_check.grant_privileges, so one place says what a
-- verdict reader needs and one mechanism grants it. Granted to nobody.
CREATE OR REPLACE FUNCTION sec_check.verdict_reader_privileges()
RETURNS text[]
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT ARRAY[
    'EXECUTE ON FUNCTION sec_check.plain_text(text), sec_check.priority(text, text, text),
      sec_check.result_exposure(jsonb)',
    'SELECT ON sec_check.effective_config']
$$;

REVOKE ALL ON FUNCTION sec_check.verdict_reader_privileges() FROM PUBLIC;

COMMENT ON FUNCTION sec_check.verdict_reader_privileges() IS
  'Internal to the grant_* functions: the privilege lists (for sec_check.grant_privileges) every role that reads verdicts needs: EXECUTE on plain_text, priority and result_exposure (called per row by the views and report_json) and SELECT on effective_config. Not granted to anyone.';
