-- since: 0.1.0
-- For dashboards: each check's newest verdict. A check that was actually evaluated wins over
-- a newer "Skipped" from a run that could not do it, and an in-database verdict wins over an
-- agent's (agents only fill checks that need the host). Times are the server's, so a posted
-- document cannot date itself into the future. New columns go at the end (CREATE OR REPLACE).
CREATE OR REPLACE VIEW sec_check.latest_results AS
SELECT DISTINCT ON (x.section, x.check_name)
       x.section, x.check_id, x.check_name, x.severity, x.cis, x.status, x.skip_reason,
       x.short_description, x.full_description, x.recommendation,
       r.id AS run_id, r.origin, r.finished_at, r.server_version,
       r.run_by, r.posted_by, r.pack_name
  FROM sec_check.results x
  JOIN sec_check.runs r ON r.id = x.run_id
 ORDER BY x.section, x.check_name, (x.status <> 'Skipped') DESC, (r.origin = 'database') DESC,
          r.finished_at DESC, r.id DESC;

COMMENT ON VIEW sec_check.latest_results IS
  'Newest verdict per check: evaluated results beat newer Skipped ones, in-database verdicts beat agent posts; run_by/posted_by/origin say who produced and stored it, pack_name which stored pack an in-database run used. No evidence (raw) here.';
