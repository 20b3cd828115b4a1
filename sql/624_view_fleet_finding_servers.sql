-- since: 0.4.0
-- "Which servers have this finding": every open, reopened or waived finding of each server's
-- newest findings snapshot, one row per finding and server (filter on check_id).
CREATE OR REPLACE VIEW sec_check.fleet_finding_servers AS
SELECT f.check_id, f.check_name, f.section, f.severity, f.status, f.state,
       n.server_name, f.system_identifier, f.database_name, f.scope, f.pack,
       f.first_seen, f.last_seen, f.consecutive_runs, f.waiver_reason, f.waiver_expires_at, f.as_of_run_id
  FROM sec_check.fleet_findings f
  JOIN (SELECT x.system_identifier, x.database_name, max(x.as_of_run_id) AS as_of
          FROM sec_check.fleet_findings x GROUP BY x.system_identifier, x.database_name) m
    ON m.system_identifier = f.system_identifier AND m.database_name = f.database_name AND m.as_of = f.as_of_run_id
  JOIN LATERAL (SELECT r.server_name FROM sec_check.fleet_runs r
                 WHERE r.system_identifier = f.system_identifier AND r.database_name = f.database_name
                 ORDER BY r.run_id DESC LIMIT 1) n ON true
 WHERE f.state IN ('open', 'reopened', 'waived');

COMMENT ON VIEW sec_check.fleet_finding_servers IS
  'Central database: which servers have which finding now (open, reopened or waived in each server''s newest findings snapshot), one row per finding and server; no evidence texts.';
COMMENT ON COLUMN sec_check.fleet_finding_servers.check_id IS 'Stable check id.';
COMMENT ON COLUMN sec_check.fleet_finding_servers.check_name IS 'Display name of the check.';
COMMENT ON COLUMN sec_check.fleet_finding_servers.section IS 'Group (section) key.';
COMMENT ON COLUMN sec_check.fleet_finding_servers.severity IS 'critical, high, medium, low, info, or NULL.';
COMMENT ON COLUMN sec_check.fleet_finding_servers.status IS 'The latest evaluated verdict on that server.';
COMMENT ON COLUMN sec_check.fleet_finding_servers.state IS 'open, reopened or waived.';
COMMENT ON COLUMN sec_check.fleet_finding_servers.server_name IS 'Inventory name of the server (as of its newest run).';
COMMENT ON COLUMN sec_check.fleet_finding_servers.system_identifier IS 'Cluster system identifier.';
COMMENT ON COLUMN sec_check.fleet_finding_servers.database_name IS 'Database on that server.';
COMMENT ON COLUMN sec_check.fleet_finding_servers.scope IS 'The audited database.';
COMMENT ON COLUMN sec_check.fleet_finding_servers.pack IS 'Report name of the check pack.';
COMMENT ON COLUMN sec_check.fleet_finding_servers.first_seen IS 'When it first failed there.';
COMMENT ON COLUMN sec_check.fleet_finding_servers.last_seen IS 'When it last failed there.';
COMMENT ON COLUMN sec_check.fleet_finding_servers.consecutive_runs IS 'Runs in a row it has failed there.';
COMMENT ON COLUMN sec_check.fleet_finding_servers.waiver_reason IS 'The waiver in force there, if any.';
COMMENT ON COLUMN sec_check.fleet_finding_servers.waiver_expires_at IS 'When that waiver expires.';
COMMENT ON COLUMN sec_check.fleet_finding_servers.as_of_run_id IS 'The newest run collected with this snapshot.';
