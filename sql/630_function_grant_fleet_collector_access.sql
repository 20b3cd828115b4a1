-- since: 0.4.0
-- On the central database: what the fleet collector writes, and nothing else: INSERT into the
-- three fleet tables (no SELECT, UPDATE or DELETE; its inserts say ON CONFLICT DO NOTHING,
-- which needs no more) and its watermark per server.
CREATE OR REPLACE FUNCTION sec_check.grant_fleet_collector_access(p_role regrole)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM sec_check.grant_privileges(p_role, ARRAY[
    'INSERT ON sec_check.fleet_runs, sec_check.fleet_results, sec_check.fleet_findings',
    'EXECUTE ON FUNCTION sec_check.fleet_watermark(text, text)']);
END
$$;

REVOKE ALL ON FUNCTION sec_check.grant_fleet_collector_access(regrole) FROM PUBLIC;

COMMENT ON FUNCTION sec_check.grant_fleet_collector_access(regrole) IS
  'On the central database: lets a role (the fleet collector) insert into fleet_runs, fleet_results and fleet_findings and read its watermark per server (fleet_watermark); it cannot read, change or delete what is there. Run as the extension owner.';
