-- since: 0.2.0
-- Reading every run's evidence is a separate grant from running audits: an auditor sees the
-- evidence of its own runs only (row-level security), so it cannot read, through a
-- superuser's stored run, what it could not read itself.
CREATE OR REPLACE FUNCTION sec_check.grant_evidence_access(p_role regrole)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM sec_check.grant_privileges(p_role, ARRAY[
    'EXECUTE ON FUNCTION sec_check.run_results(bigint), sec_check.report_json(bigint),
      sec_check.current_report_json(text, text)',
    'SELECT ON sec_check.latest_results, sec_check.runs, sec_check.results, sec_check.evidence_readers,
      sec_check.current_state, sec_check.current_score'] || sec_check.verdict_reader_privileges());
  INSERT INTO sec_check.evidence_readers (reader) VALUES (p_role) ON CONFLICT (reader) DO NOTHING;
END
$$;

COMMENT ON FUNCTION sec_check.grant_evidence_access(regrole) IS
  'Lets a role read every stored run with its evidence (results.raw), not only its own, and the current state with its evidence (current_report_json). Run as the extension owner.';
