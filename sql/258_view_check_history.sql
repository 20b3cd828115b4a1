-- since: 0.2.0
-- One check's verdicts over time; filter on check_id (indexed) or check_name. Texts plain.
-- The short description is evidence (see latest_results): NULL unless the reader may read
-- that run.
CREATE OR REPLACE VIEW sec_check.check_history AS
SELECT x.run_id, s.finished_at, s.scope, s.pack, x.section, x.check_id, x.check_name,
       x.severity, x.status, x.skip_reason,
       CASE WHEN v.all_runs OR EXISTS (SELECT 1 FROM sec_check.runs r
                                        WHERE r.id = x.run_id AND current_user IN (r.run_by, r.posted_by))
            THEN sec_check.plain_text(x.short_description) END AS short_description,
       s.origin,
       sec_check.priority(x.status, x.severity, sec_check.result_exposure(x.raw)) AS priority,
       s.groups
  FROM sec_check.results x
  JOIN sec_check.run_stats s ON s.run_id = x.run_id
  CROSS JOIN (SELECT coalesce((SELECT u.rolsuper OR u.rolbypassrls FROM pg_catalog.pg_roles u WHERE u.rolname = current_user), false)
                     OR EXISTS (SELECT 1 FROM sec_check.evidence_readers e
                                 WHERE pg_catalog.pg_has_role(current_user, e.reader, 'USAGE')) AS all_runs) v;

COMMENT ON VIEW sec_check.check_history IS
  'Verdict of each check in each stored run, with time, scope, pack, origin, priority and the groups the run covered. Filter by check_id for one check''s history. short_description is NULL unless the reader may read that run.';
COMMENT ON COLUMN sec_check.check_history.run_id IS 'The stored run.';
COMMENT ON COLUMN sec_check.check_history.finished_at IS 'When the run finished.';
COMMENT ON COLUMN sec_check.check_history.scope IS 'The audited database.';
COMMENT ON COLUMN sec_check.check_history.pack IS 'Report name of the check pack.';
COMMENT ON COLUMN sec_check.check_history.section IS 'Group (section) key of the check.';
COMMENT ON COLUMN sec_check.check_history.check_id IS 'Stable check id (NULL for foreign packs without ids).';
COMMENT ON COLUMN sec_check.check_history.check_name IS 'Display name of the check.';
COMMENT ON COLUMN sec_check.check_history.severity IS 'Severity of the check.';
COMMENT ON COLUMN sec_check.check_history.status IS 'Verdict in that run.';
COMMENT ON COLUMN sec_check.check_history.skip_reason IS 'Why it was Skipped, or insufficient_privilege on a Failed verdict.';
COMMENT ON COLUMN sec_check.check_history.short_description IS 'The verdict''s short text, plain; NULL unless the reader may read that run (run_by, posted_by, evidence reader, superuser).';
COMMENT ON COLUMN sec_check.check_history.origin IS 'database or agent.';
COMMENT ON COLUMN sec_check.check_history.priority IS 'Fix-first order of that verdict (sec_check.priority).';
COMMENT ON COLUMN sec_check.check_history.groups IS 'Groups the run covered (NULL: all).';
