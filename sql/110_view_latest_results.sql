-- since: 0.1.0
-- For dashboards: each check's newest verdict. A check that was actually evaluated (by the
-- database or the host agent) wins over a newer "Skipped" from a run that could not do it.
CREATE OR REPLACE VIEW sec_check.latest_results AS
SELECT DISTINCT ON (x.section, x.check_name)
       x.section, x.check_id, x.check_name, x.severity, x.cis, x.status, x.skip_reason,
       x.short_description, x.full_description, x.recommendation,
       r.id AS run_id, r.origin, r.finished_at, r.server_version
  FROM sec_check.results x
  JOIN sec_check.runs r ON r.id = x.run_id
 ORDER BY x.section, x.check_name, (x.status <> 'Skipped') DESC, r.finished_at DESC, r.id DESC;

COMMENT ON VIEW sec_check.latest_results IS
  'Newest verdict per check across in-database and agent runs; evaluated results are preferred over newer Skipped ones. finished_at shows how fresh it is.';
