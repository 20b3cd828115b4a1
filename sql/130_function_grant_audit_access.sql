-- since: 0.1.0
-- One call instead of a list of GRANTs that must be kept in step with the extension.
-- An auditor runs in-database audits and reads its own runs; posting agent results
-- (grant_agent_access) and reading every run's evidence (grant_evidence_access) are
-- separate grants. The audit engine runs in a JavaScript context of its own (as the role
-- sec_check_engine), so the auditor's own JavaScript, if it may write any, cannot reach it:
-- the language's USAGE is left as it is (releases before 0.4.0 revoked PUBLIC's).
CREATE OR REPLACE FUNCTION sec_check.grant_audit_access(p_role regrole)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM sec_check.grant_privileges(p_role, ARRAY[
    'EXECUTE ON FUNCTION sec_check.run(text[], text, text), sec_check.run(text, text, text),
      sec_check.engine_step(jsonb, text), sec_check.engine(jsonb), sec_check.safe_query(text), sec_check.pack_for_run(text),
      sec_check.pack_sha256(jsonb, text[]), sec_check.build_id(), sec_check.record_database_run(jsonb, text, name, timestamptz),
      sec_check.run_results(bigint), sec_check.report_json(bigint), sec_check.ddl_trail_status(), sec_check.ignored_settings(text[]),
      sec_check.current_report_json(text, text)',
    'SELECT ON sec_check.latest_results, sec_check.runs, sec_check.results, sec_check.evidence_readers,
      sec_check.current_state, sec_check.current_score'] || sec_check.verdict_reader_privileges());
END
$$;

COMMENT ON FUNCTION sec_check.grant_audit_access(regrole) IS
  'Lets a role run in-database audits (sec_check.run), read its own runs and the current state (current_state, current_score, current_report_json; evidence of its own runs only) and the installation settings (effective_config). Give it pg_monitor and pg_read_all_settings too so checks can read what they need. Run as the extension owner.';
