-- since: 0.1.0
-- One call instead of a list of GRANTs that must be kept in step with the extension.
-- An auditor runs in-database audits and reads its own runs; posting agent results
-- (grant_agent_access) and reading every run's evidence (grant_evidence_access) are
-- separate grants. The engine runs in the caller's JavaScript context, so a role that can
-- create JS code could tamper with it: the language's default USAGE for PUBLIC is revoked.
CREATE OR REPLACE FUNCTION sec_check.grant_audit_access(p_role regrole)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_lang name;
BEGIN
  PERFORM sec_check.grant_privileges(p_role, ARRAY[
    'EXECUTE ON FUNCTION sec_check.run(text[], text, text), sec_check.run(text, text, text),
      sec_check.engine(jsonb), sec_check.safe_query(text), sec_check.pack_for_run(text), sec_check.pack_sha256(jsonb, text[]),
      sec_check.build_id(), sec_check.record_database_run(jsonb, text, name, timestamptz), sec_check.run_results(bigint),
      sec_check.report_json(bigint), sec_check.ddl_trail_status(), sec_check.ignored_settings(text[]),
      sec_check.current_report_json(text, text)',
    'SELECT ON sec_check.latest_results, sec_check.runs, sec_check.results, sec_check.evidence_readers,
      sec_check.current_state, sec_check.current_score'] || sec_check.verdict_reader_privileges());
  SELECT l.lanname INTO v_lang FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
   WHERE p.oid = 'sec_check.engine(jsonb)'::regprocedure;
  IF has_language_privilege(p_role::oid, v_lang, 'USAGE') AND NOT (SELECT rolsuper FROM pg_roles WHERE oid = p_role::oid) THEN
    EXECUTE format('REVOKE USAGE ON LANGUAGE %I FROM PUBLIC, %s', v_lang, p_role);
    RAISE NOTICE 'sec_check: revoked USAGE ON LANGUAGE % from PUBLIC and %: an auditor must not run its own JavaScript in the session that computes its verdicts', v_lang, p_role
      USING HINT = format('Roles that need to write %s functions now need an explicit GRANT USAGE ON LANGUAGE %I.', v_lang, v_lang);
  END IF;
  IF has_language_privilege(p_role::oid, v_lang, 'USAGE') AND NOT (SELECT rolsuper FROM pg_roles WHERE oid = p_role::oid) THEN
    RAISE WARNING 'sec_check: % still has USAGE on language % (through another role); its in-database runs will be refused', p_role, v_lang;
  END IF;
END
$$;

COMMENT ON FUNCTION sec_check.grant_audit_access(regrole) IS
  'Lets a role run in-database audits (sec_check.run), read its own runs and the current state (current_state, current_score, current_report_json; evidence of its own runs only) and the installation settings (effective_config); revokes PUBLIC''s USAGE on the engine''s JS language. Give it pg_monitor and pg_read_all_settings too so checks can read what they need. Run as the extension owner.';
