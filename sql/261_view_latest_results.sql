-- since: 0.1.0
-- For dashboards and psql: each check's current verdict (sec_check.current_state) with the
-- run it came from. An evaluated verdict wins over a newer "Skipped" from a run that could
-- not do it (agents only post checks that need the host). Times are the server's, so a
-- posted document cannot date itself into the future. Texts are plain (psql, dashboards);
-- the rich texts and evidence stay in the runs (report_json). One row per check, scope and
-- pack (scope and pack are the last columns). New columns go at the end (CREATE OR REPLACE).
-- The texts (short_description, full_description, recommendation) are evidence: validators
-- fill them with server data (role names, paths, settings). They are shown only to whoever
-- may read that run (its run_by or posted_by, roles granted grant_evidence_access, superusers
-- and BYPASSRLS roles, as the row-level security on runs/results decides) and are NULL for
-- everyone else, such as a dashboard role: status, severity, priority and the check's names
-- are not. Once the run is purged only the readers of every run see them.
CREATE OR REPLACE VIEW sec_check.latest_results AS
SELECT c.section, c.check_id, c.check_name, c.severity, x.cis, c.status, c.skip_reason,
       CASE WHEN v.all_runs OR current_user IN (r.run_by, r.posted_by) THEN c.short_description END AS short_description,
       CASE WHEN v.all_runs OR current_user IN (r.run_by, r.posted_by) THEN sec_check.plain_text(x.full_description) END AS full_description,
       CASE WHEN v.all_runs OR current_user IN (r.run_by, r.posted_by) THEN c.recommendation END AS recommendation,
       c.run_id, c.origin, c.checked_at AS finished_at, r.server_version,
       r.run_by, r.posted_by, r.pack_name,
       c.priority, c.scope, c.pack, c.age
  FROM sec_check.current_state c
  LEFT JOIN sec_check.results x
    ON x.run_id = c.run_id
   AND (x.check_id = c.check_id OR (c.check_id IS NULL AND x.check_id IS NULL AND x.section = c.section AND x.check_name = c.check_name))
  LEFT JOIN sec_check.runs r ON r.id = c.run_id
 CROSS JOIN (SELECT coalesce((SELECT u.rolsuper OR u.rolbypassrls FROM pg_catalog.pg_roles u WHERE u.rolname = current_user), false)
                    OR EXISTS (SELECT 1 FROM sec_check.evidence_readers e
                                WHERE pg_catalog.pg_has_role(current_user, e.reader, 'USAGE')) AS all_runs) v;

COMMENT ON VIEW sec_check.latest_results IS
  'Current verdict per check, scope (database) and pack, from sec_check.current_state: evaluated results beat newer Skipped ones; run_by/posted_by/origin say who produced and stored it, pack_name which stored pack an in-database run used, priority what to fix first. Texts are plain and NULL unless the reader may read that run (run_by, posted_by, grant_evidence_access, superuser); no evidence (raw) here.';
COMMENT ON COLUMN sec_check.latest_results.section IS 'Group (section) key of the check.';
COMMENT ON COLUMN sec_check.latest_results.check_id IS 'Stable check id (NULL for foreign packs without ids).';
COMMENT ON COLUMN sec_check.latest_results.check_name IS 'Display name of the check.';
COMMENT ON COLUMN sec_check.latest_results.severity IS 'critical, high, medium, low, info, or NULL.';
COMMENT ON COLUMN sec_check.latest_results.cis IS 'CIS PostgreSQL benchmark id, or NULL (also once the run was purged).';
COMMENT ON COLUMN sec_check.latest_results.status IS 'Current verdict: Success, Info, Warning, Error, Failed (could not verify) or Skipped (never evaluated).';
COMMENT ON COLUMN sec_check.latest_results.skip_reason IS 'Why it was Skipped, or insufficient_privilege on a Failed verdict.';
COMMENT ON COLUMN sec_check.latest_results.short_description IS 'The verdict''s short text, plain; NULL unless the reader may read that run.';
COMMENT ON COLUMN sec_check.latest_results.full_description IS 'The verdict''s full text, plain; NULL unless the reader may read that run, and once the run was purged.';
COMMENT ON COLUMN sec_check.latest_results.recommendation IS 'What to do, plain text; NULL unless the reader may read that run.';
COMMENT ON COLUMN sec_check.latest_results.run_id IS 'The stored run the verdict came from.';
COMMENT ON COLUMN sec_check.latest_results.origin IS 'database (sec_check.run) or agent (host agent post).';
COMMENT ON COLUMN sec_check.latest_results.finished_at IS 'When that run finished (server time).';
COMMENT ON COLUMN sec_check.latest_results.server_version IS 'PostgreSQL version of that run.';
COMMENT ON COLUMN sec_check.latest_results.run_by IS 'Role whose privileges the run used.';
COMMENT ON COLUMN sec_check.latest_results.posted_by IS 'Session user that stored the run.';
COMMENT ON COLUMN sec_check.latest_results.pack_name IS 'Stored pack an in-database run used (NULL for agent posts).';
COMMENT ON COLUMN sec_check.latest_results.priority IS 'Fix-first order (sec_check.priority): sort descending; 0 nothing to do.';
COMMENT ON COLUMN sec_check.latest_results.scope IS 'The audited database.';
COMMENT ON COLUMN sec_check.latest_results.pack IS 'Report name of the check pack.';
COMMENT ON COLUMN sec_check.latest_results.age IS 'How old the verdict is.';
