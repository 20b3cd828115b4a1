-- since: 0.1.0
-- One call instead of a list of GRANTs that must be kept in step with the extension.
CREATE OR REPLACE FUNCTION sec_check.grant_audit_access(p_role regrole)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  EXECUTE format('GRANT USAGE ON SCHEMA sec_check TO %s', p_role);
  EXECUTE format('GRANT EXECUTE ON FUNCTION sec_check.run(text[], text, text), sec_check.run(text, text, text),
      sec_check.engine(jsonb), sec_check.safe_query(text), sec_check.pack_for_run(text),
      sec_check.build_id(), sec_check.record_run(jsonb), sec_check.run_results(bigint),
      sec_check.report_json(bigint) TO %s', p_role);
  EXECUTE format('GRANT SELECT ON sec_check.latest_results, sec_check.runs, sec_check.results TO %s', p_role);
END
$$;

COMMENT ON FUNCTION sec_check.grant_audit_access(regrole) IS
  'Lets a role run audits (sec_check.run), post agent results and read stored runs. Give it pg_monitor and pg_read_all_settings too so checks can read what they need. Run as the extension owner.';
