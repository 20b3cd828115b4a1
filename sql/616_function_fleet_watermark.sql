-- since: 0.4.0
-- The collector's watermark for one server: the highest run id the central database holds for
-- it (0 when none). Derived from the rows themselves, so it is exactly what was committed:
-- a collection that failed half-way resumes after the last batch that committed, and a second
-- pass copies nothing. Definer rights: the collector may insert, not read, the fleet tables.
CREATE OR REPLACE FUNCTION sec_check.fleet_watermark(p_system_identifier text, p_database_name text)
RETURNS bigint
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT coalesce(max(r.run_id), 0)
    FROM sec_check.fleet_runs r
   WHERE r.system_identifier = p_system_identifier AND r.database_name = p_database_name
$$;

REVOKE ALL ON FUNCTION sec_check.fleet_watermark(text, text) FROM PUBLIC;

COMMENT ON FUNCTION sec_check.fleet_watermark(text, text) IS
  'The highest run id collected from one server (system identifier, database), 0 when none: where `sec-check fleet --collect` resumes. Granted by grant_fleet_collector_access.';
