-- since: 0.1.0
-- The schema is created by the script (the control file names pg_catalog, as pg_cron does)
-- so that it belongs to the extension and DROP EXTENSION removes it with everything in it.
CREATE SCHEMA sec_check;

COMMENT ON SCHEMA sec_check IS 'sec_check: PostgreSQL security audit (runs, results, check packs, engine)';
