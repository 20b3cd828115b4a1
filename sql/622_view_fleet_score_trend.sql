-- since: 0.4.0
-- The fleet's score over time: one row per collected run with its server and score (as the
-- server computed it), for time-series panels per server or averaged per day.
CREATE OR REPLACE VIEW sec_check.fleet_score_trend AS
SELECT r.server_name, r.system_identifier, r.database_name, r.run_id, r.finished_at, r.score,
       r.groups, r.origin, r.success, r.warning, r.error, r.failed
  FROM sec_check.fleet_runs r;

COMMENT ON VIEW sec_check.fleet_score_trend IS
  'Central database: every collected run''s score and counts with its server and time, for the fleet score trend (filter on server_name, group by day).';
COMMENT ON COLUMN sec_check.fleet_score_trend.server_name IS 'Inventory name of the server when the run was copied.';
COMMENT ON COLUMN sec_check.fleet_score_trend.system_identifier IS 'Cluster system identifier.';
COMMENT ON COLUMN sec_check.fleet_score_trend.database_name IS 'Database on that server.';
COMMENT ON COLUMN sec_check.fleet_score_trend.run_id IS 'The run''s id on that server.';
COMMENT ON COLUMN sec_check.fleet_score_trend.finished_at IS 'When the run finished (the server''s time).';
COMMENT ON COLUMN sec_check.fleet_score_trend.score IS 'The run''s score as the server computed it.';
COMMENT ON COLUMN sec_check.fleet_score_trend.groups IS 'Groups the run covered (NULL: all); compare runs of one coverage.';
COMMENT ON COLUMN sec_check.fleet_score_trend.origin IS 'database or agent.';
COMMENT ON COLUMN sec_check.fleet_score_trend.success IS 'Success results.';
COMMENT ON COLUMN sec_check.fleet_score_trend.warning IS 'Warning results.';
COMMENT ON COLUMN sec_check.fleet_score_trend.error IS 'Error results.';
COMMENT ON COLUMN sec_check.fleet_score_trend.failed IS 'Failed (could not verify) results.';
