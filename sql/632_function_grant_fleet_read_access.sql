-- since: 0.4.0
-- On the central database: the fleet views for a dashboard (no evidence), and with p_evidence
-- the collected tables too (every server's results with their evidence).
CREATE OR REPLACE FUNCTION sec_check.grant_fleet_read_access(p_role regrole, p_evidence boolean DEFAULT false)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM sec_check.grant_privileges(p_role, ARRAY[
    'SELECT ON sec_check.fleet_current, sec_check.fleet_score_trend, sec_check.fleet_finding_servers, sec_check.fleet_stale']);
  IF p_evidence THEN
    PERFORM sec_check.grant_privileges(p_role, ARRAY[
      'SELECT ON sec_check.fleet_runs, sec_check.fleet_results, sec_check.fleet_findings']);
  END IF;
END
$$;

REVOKE ALL ON FUNCTION sec_check.grant_fleet_read_access(regrole, boolean) FROM PUBLIC;

COMMENT ON FUNCTION sec_check.grant_fleet_read_access(regrole, boolean) IS
  'On the central database: lets a role read the fleet views (fleet_current, fleet_score_trend, fleet_finding_servers, fleet_stale); with p_evidence also the collected runs, results (with evidence) and findings. Run as the extension owner.';
