-- since: 0.1.0
-- For dashboards: each check's newest verdict. A check that was actually evaluated wins over
-- a newer "Skipped" from a run that could not do it, and an in-database verdict wins over an
-- agent's (agents only fill checks that need the host). Times are the server's, so a posted
-- document cannot date itself into the future. New columns go at the end (CREATE OR REPLACE).
-- The texts (short_description, full_description, recommendation) are evidence: validators
-- fill them with server data (role names, paths, settings). They are shown only to whoever
-- may read that run (its run_by or posted_by, roles granted grant_evidence_access, superusers
-- and BYPASSRLS roles, as the row-level security on runs/results decides) and are NULL for
-- everyone else, such as a dashboard role: status, severity and the check's names are not.
CREATE OR REPLACE VIEW sec_check.latest_results AS
SELECT DISTINCT ON (x.section, x.check_name)
       x.section, x.check_id, x.check_name, x.severity, x.cis, x.status, x.skip_reason,
       CASE WHEN v.all_runs OR current_user IN (r.run_by, r.posted_by) THEN x.short_description END AS short_description,
       CASE WHEN v.all_runs OR current_user IN (r.run_by, r.posted_by) THEN x.full_description END AS full_description,
       CASE WHEN v.all_runs OR current_user IN (r.run_by, r.posted_by) THEN x.recommendation END AS recommendation,
       r.id AS run_id, r.origin, r.finished_at, r.server_version,
       r.run_by, r.posted_by, r.pack_name
  FROM sec_check.results x
  JOIN sec_check.runs r ON r.id = x.run_id
  CROSS JOIN (SELECT coalesce((SELECT u.rolsuper OR u.rolbypassrls FROM pg_catalog.pg_roles u WHERE u.rolname = current_user), false)
                     OR EXISTS (SELECT 1 FROM sec_check.evidence_readers e
                                 WHERE pg_catalog.pg_has_role(current_user, e.reader, 'USAGE')) AS all_runs) v
 ORDER BY x.section, x.check_name, (x.status <> 'Skipped') DESC, (r.origin = 'database') DESC,
          r.finished_at DESC, r.id DESC;

COMMENT ON VIEW sec_check.latest_results IS
  'Newest verdict per check: evaluated results beat newer Skipped ones, in-database verdicts beat agent posts; run_by/posted_by/origin say who produced and stored it, pack_name which stored pack an in-database run used. No evidence: raw is not here, and the texts (filled with server data) are NULL unless the reader may read that run (run_by, posted_by, grant_evidence_access, superuser).';
