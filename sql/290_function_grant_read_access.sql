-- since: 0.2.0
-- For dashboards (Grafana, Metabase): read the views, nothing else. Follows
-- grant_audit_access: one call, run as the extension owner.
CREATE OR REPLACE FUNCTION sec_check.grant_read_access(p_role regrole)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM sec_check.grant_privileges(p_role, ARRAY[
    'SELECT ON sec_check.latest_results, sec_check.findings, sec_check.run_summary,
      sec_check.score_by_group, sec_check.check_history, sec_check.schedules, sec_check.role_drift,
      sec_check.active_waivers, sec_check.current_state, sec_check.current_score, sec_check.state_changes,
      sec_check.score_history',
    'EXECUTE ON FUNCTION sec_check.drift(bigint, bigint), sec_check.schedule_status(),
      sec_check.run_notification(bigint)',
    'SELECT ON sec_check.compliance_status, sec_check.compliance_score, sec_check.framework_controls,
      sec_check.active_attestations',
    'SELECT ON sec_check.fleet_current, sec_check.fleet_score_trend, sec_check.fleet_finding_servers,
      sec_check.fleet_stale',
    'EXECUTE ON FUNCTION sec_check.compliance(text, text)'] || sec_check.verdict_reader_privileges());
END
$$;

REVOKE ALL ON FUNCTION sec_check.grant_read_access(regrole) FROM PUBLIC;

COMMENT ON FUNCTION sec_check.grant_read_access(regrole) IS
  'Lets a role (a dashboard''s login) read the sec_check views (current_state, current_score, state_changes, score_history, findings, run_summary, score_by_group, check_history, latest_results, schedules, role_drift, active_waivers, effective_config, compliance_status, compliance_score, framework_controls, active_attestations, and the fleet views of a central database) and call drift() and compliance(); it cannot run audits or change anything. Run as the extension owner.';
