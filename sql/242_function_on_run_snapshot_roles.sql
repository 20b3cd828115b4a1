-- since: 0.2.0
-- A failed snapshot must never lose the audit it belongs to: it becomes a warning.
CREATE OR REPLACE FUNCTION sec_check.on_run_snapshot_roles()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  -- Only runs being stored by sec_check.store_run (a restore copies history as it was).
  IF coalesce(current_setting('sec_check.storing_run', true), '') <> 'on' THEN
    RETURN NULL;
  END IF;
  BEGIN
    PERFORM sec_check.snapshot_roles(NEW.id);
  EXCEPTION WHEN OTHERS THEN
    RAISE WARNING 'sec_check: no role snapshot for run %: %', NEW.id, SQLERRM
      USING HINT = 'The extension owner must be a superuser to read pg_authid.';
  END;
  RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION sec_check.on_run_snapshot_roles() FROM PUBLIC;

COMMENT ON FUNCTION sec_check.on_run_snapshot_roles() IS
  'Trigger function (AFTER INSERT ON sec_check.runs, per row): snapshots roles for the run; a failure is a warning, never a failed run.';
