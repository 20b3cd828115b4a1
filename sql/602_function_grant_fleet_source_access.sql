-- since: 0.4.0
-- On each audited server: what the fleet collector reads, and nothing else. It must see every
-- stored run (an evidence reader: row-level security would otherwise hide the runs of other
-- roles, and the collector's watermark would step over them for good), the run counts, the
-- finding lifecycle and the server's identity. It writes nothing (its session is read-only too).
CREATE OR REPLACE FUNCTION sec_check.grant_fleet_source_access(p_role regrole)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM sec_check.grant_evidence_access(p_role);
  PERFORM sec_check.grant_privileges(p_role, ARRAY[
    'SELECT ON sec_check.run_summary, sec_check.findings',
    'EXECUTE ON FUNCTION sec_check.server_identity()']);
END
$$;

REVOKE ALL ON FUNCTION sec_check.grant_fleet_source_access(regrole) FROM PUBLIC;

COMMENT ON FUNCTION sec_check.grant_fleet_source_access(regrole) IS
  'On an audited server: lets a role (the fleet collector) read every stored run with its results and evidence, run_summary, findings and server_identity(); nothing else. Run as the extension owner.';
