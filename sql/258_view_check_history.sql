-- since: 0.2.0
-- One check's verdicts over time; filter on check_id (indexed) or check_name.
CREATE OR REPLACE VIEW sec_check.check_history AS
SELECT x.run_id, s.finished_at, s.scope, s.pack, x.section, x.check_id, x.check_name,
       x.severity, x.status, x.skip_reason, x.short_description, s.origin
  FROM sec_check.results x
  JOIN sec_check.run_stats s ON s.run_id = x.run_id;

COMMENT ON VIEW sec_check.check_history IS
  'Verdict of each check in each stored run, with time, scope, pack and origin. Filter by check_id for one check''s history.';
