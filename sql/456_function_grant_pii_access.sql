-- since: 0.3.0
-- Lets a role run PII scans in the database (sec_check.pii_scan), post CLI scans
-- (sec-check pii --store) and read the stored findings. The scan reads tables with the
-- role's own privileges, so it finds only what the role can already SELECT, and it reads
-- back only the findings of columns it may SELECT (row-level security on pii_findings, whose
-- policy reads evidence_readers).
CREATE OR REPLACE FUNCTION sec_check.grant_pii_access(p_role regrole)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM sec_check.grant_privileges(p_role, ARRAY[
    'EXECUTE ON FUNCTION sec_check.pii_scan(jsonb), sec_check.record_pii_findings(jsonb, text),
      sec_check.engine(jsonb), sec_check.safe_query(text), sec_check.build_id()',
    'SELECT ON sec_check.pii_findings, sec_check.evidence_readers']);
END
$$;

REVOKE ALL ON FUNCTION sec_check.grant_pii_access(regrole) FROM PUBLIC;

COMMENT ON FUNCTION sec_check.grant_pii_access(regrole) IS
  'Lets a role run sec_check.pii_scan(), post sec-check pii --store results and read the sec_check.pii_findings of columns it may SELECT (all of them after grant_evidence_access). Run as the extension owner.';
