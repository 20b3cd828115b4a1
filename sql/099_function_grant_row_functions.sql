-- since: 0.4.0
-- The pure functions the views and report_json call per row (plain text, priority,
-- exposure): PostgreSQL checks EXECUTE on them against the role reading the view, so every
-- role that reads sec_check's views or reports gets them from its grant_* function. They
-- read nothing and grant nothing.
CREATE OR REPLACE FUNCTION sec_check.grant_row_functions(p_role regrole)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  EXECUTE format('GRANT EXECUTE ON FUNCTION sec_check.plain_text(text), sec_check.priority(text, text, text),
      sec_check.result_exposure(jsonb) TO %s', p_role);
  EXECUTE format('GRANT SELECT ON sec_check.effective_config TO %s', p_role);
END
$$;

REVOKE ALL ON FUNCTION sec_check.grant_row_functions(regrole) FROM PUBLIC;

COMMENT ON FUNCTION sec_check.grant_row_functions(regrole) IS
  'Internal to the grant_* functions: EXECUTE on plain_text, priority and result_exposure (called per row by the views and report_json) and SELECT on effective_config (the installation settings, not secret). Run as the extension owner.';
