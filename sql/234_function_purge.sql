-- since: 0.2.0
-- Retention. Deleting a run removes its results, counts and role snapshots (cascade);
-- sec_check.check_state keeps each finding's first_seen. The newest run is always kept.
-- It takes the store lock first (see sec_check.store_run), so a purge never holds a run row
-- that a concurrent store waits for, or the other way round.
CREATE OR REPLACE FUNCTION sec_check.purge(p_older_than interval)
RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v_count bigint;
BEGIN
  IF p_older_than IS NULL OR p_older_than <= interval '0' THEN
    RAISE EXCEPTION 'sec_check.purge: p_older_than must be a positive interval, got %', coalesce(p_older_than::text, 'NULL');
  END IF;
  LOCK TABLE sec_check.runs IN SHARE ROW EXCLUSIVE MODE;
  DELETE FROM sec_check.runs
   WHERE finished_at < now() - p_older_than
     AND id <> (SELECT max(id) FROM sec_check.runs);
  GET DIAGNOSTICS v_count = ROW_COUNT;
  RETURN v_count;
END
$$;

REVOKE ALL ON FUNCTION sec_check.purge(interval) FROM PUBLIC;

COMMENT ON FUNCTION sec_check.purge(interval) IS
  'Deletes stored runs that finished longer ago than p_older_than (with their results and role snapshots) and returns how many; the newest run and every finding''s first_seen are kept. SELECT sec_check.configure(''keep_days'', ''90'') applies it after each stored run.';
