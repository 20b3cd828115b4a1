-- since: 0.4.0
-- Servers whose newest collected run is older than the fleet_max_age setting (sec_check.configure; default 25 hours).
CREATE OR REPLACE VIEW sec_check.fleet_stale AS
SELECT c.server_name, c.system_identifier, c.database_name, c.newest_run_id, c.newest_finished_at, c.age, c.last_collected_at
  FROM sec_check.fleet_current c
 WHERE c.stale;

COMMENT ON VIEW sec_check.fleet_stale IS
  'Central database: servers whose newest collected run is older than the fleet_max_age setting (sec_check.configure; default 25 hours): their scheduled audit or their collection stopped.';
COMMENT ON COLUMN sec_check.fleet_stale.server_name IS 'Inventory name of the server.';
COMMENT ON COLUMN sec_check.fleet_stale.system_identifier IS 'Cluster system identifier.';
COMMENT ON COLUMN sec_check.fleet_stale.database_name IS 'Database on that server.';
COMMENT ON COLUMN sec_check.fleet_stale.newest_run_id IS 'Its newest collected run.';
COMMENT ON COLUMN sec_check.fleet_stale.newest_finished_at IS 'When that run finished.';
COMMENT ON COLUMN sec_check.fleet_stale.age IS 'How old it is.';
COMMENT ON COLUMN sec_check.fleet_stale.last_collected_at IS 'When a collector last copied a run from it.';
