-- since: 0.2.0
CREATE TRIGGER runs_snapshot_roles
  AFTER INSERT ON sec_check.runs
  FOR EACH ROW EXECUTE FUNCTION sec_check.on_run_snapshot_roles();

COMMENT ON TRIGGER runs_snapshot_roles ON sec_check.runs IS
  'Takes a role snapshot (sec_check.snapshot_roles) for every stored run, in-database or agent.';
