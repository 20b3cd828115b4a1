-- since: 0.4.0
-- The central database's current state per server: the newest collected run (counts, score,
-- when), whether it is stale (older than the fleet_max_age setting, default 25 hours: a
-- scheduled audit that stopped, or a collector that stopped reaching the server), and the
-- open and waived findings of its newest findings snapshot. No evidence texts.
CREATE OR REPLACE VIEW sec_check.fleet_current AS
WITH newest AS (
  SELECT DISTINCT ON (r.system_identifier, r.database_name) r.*
    FROM sec_check.fleet_runs r
   ORDER BY r.system_identifier, r.database_name, r.run_id DESC
), totals AS (
  SELECT r.system_identifier, r.database_name, count(*) AS runs, max(r.collected_at) AS last_collected_at
    FROM sec_check.fleet_runs r
   GROUP BY r.system_identifier, r.database_name
), snapshot AS (
  SELECT f.system_identifier, f.database_name,
         count(*) FILTER (WHERE f.state IN ('open', 'reopened')) AS open_findings,
         count(*) FILTER (WHERE f.state = 'waived') AS waived_findings
    FROM sec_check.fleet_findings f
    JOIN (SELECT x.system_identifier, x.database_name, max(x.as_of_run_id) AS as_of
            FROM sec_check.fleet_findings x GROUP BY x.system_identifier, x.database_name) m
      ON m.system_identifier = f.system_identifier AND m.database_name = f.database_name AND m.as_of = f.as_of_run_id
   GROUP BY f.system_identifier, f.database_name
)
SELECT n.server_name, n.system_identifier, n.database_name, n.server_host, n.server_port, n.server_version,
       n.run_id AS newest_run_id, n.finished_at AS newest_finished_at,
       pg_catalog.date_trunc('second', pg_catalog.now() - n.finished_at) AS age,
       n.finished_at < pg_catalog.now() - (SELECT CASE WHEN e.value ~ '^[0-9.]+$' THEN e.value || ' seconds' ELSE e.value END
                                             FROM sec_check.effective_config e WHERE e.name = 'fleet_max_age')::interval AS stale,
       n.groups, n.origin, n.score, n.success, n.info, n.warning, n.error, n.failed, n.skipped,
       coalesce(s.open_findings, 0) AS open_findings, coalesce(s.waived_findings, 0) AS waived_findings,
       t.runs, t.last_collected_at
  FROM newest n
  JOIN totals t USING (system_identifier, database_name)
  LEFT JOIN snapshot s USING (system_identifier, database_name);

COMMENT ON VIEW sec_check.fleet_current IS
  'Central database: one row per collected server (system identifier and database) with its newest run, that run''s counts and score, whether it is stale (older than the fleet_max_age setting, default 25 hours), its open and waived findings, how many runs were collected and when last.';
COMMENT ON COLUMN sec_check.fleet_current.server_name IS 'Inventory name of the server (as of its newest run).';
COMMENT ON COLUMN sec_check.fleet_current.system_identifier IS 'Cluster system identifier.';
COMMENT ON COLUMN sec_check.fleet_current.database_name IS 'Database on that server.';
COMMENT ON COLUMN sec_check.fleet_current.server_host IS 'Host or socket directory the collector reached it at.';
COMMENT ON COLUMN sec_check.fleet_current.server_port IS 'Port the collector reached it at.';
COMMENT ON COLUMN sec_check.fleet_current.server_version IS 'PostgreSQL version at its newest run.';
COMMENT ON COLUMN sec_check.fleet_current.newest_run_id IS 'Its newest collected run (its own run id).';
COMMENT ON COLUMN sec_check.fleet_current.newest_finished_at IS 'When that run finished (the server''s time).';
COMMENT ON COLUMN sec_check.fleet_current.age IS 'How old that run is, to the second.';
COMMENT ON COLUMN sec_check.fleet_current.stale IS 'The newest run is older than the fleet_max_age setting (sec_check.configure; default 25 hours).';
COMMENT ON COLUMN sec_check.fleet_current.groups IS 'Groups the newest run covered (NULL: all).';
COMMENT ON COLUMN sec_check.fleet_current.origin IS 'database or agent.';
COMMENT ON COLUMN sec_check.fleet_current.score IS 'Score of the newest run as the server computed it.';
COMMENT ON COLUMN sec_check.fleet_current.success IS 'Success results of the newest run.';
COMMENT ON COLUMN sec_check.fleet_current.info IS 'Info results of the newest run.';
COMMENT ON COLUMN sec_check.fleet_current.warning IS 'Warning results of the newest run.';
COMMENT ON COLUMN sec_check.fleet_current.error IS 'Error results of the newest run.';
COMMENT ON COLUMN sec_check.fleet_current.failed IS 'Failed (could not verify) results of the newest run.';
COMMENT ON COLUMN sec_check.fleet_current.skipped IS 'Skipped results of the newest run.';
COMMENT ON COLUMN sec_check.fleet_current.open_findings IS 'Open or reopened findings in the newest findings snapshot.';
COMMENT ON COLUMN sec_check.fleet_current.waived_findings IS 'Waived findings in the newest findings snapshot.';
COMMENT ON COLUMN sec_check.fleet_current.runs IS 'Runs collected from the server.';
COMMENT ON COLUMN sec_check.fleet_current.last_collected_at IS 'When a collector last copied a run from it.';
