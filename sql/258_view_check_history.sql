-- since: 0.2.0
-- One check's verdicts over time; filter on check_id (indexed) or check_name. The short
-- description is evidence (see latest_results): NULL unless the reader may read that run.
CREATE OR REPLACE VIEW sec_check.check_history AS
SELECT x.run_id, s.finished_at, s.scope, s.pack, x.section, x.check_id, x.check_name,
       x.severity, x.status, x.skip_reason,
       CASE WHEN v.all_runs OR EXISTS (SELECT 1 FROM sec_check.runs r
                                        WHERE r.id = x.run_id AND current_user IN (r.run_by, r.posted_by))
            THEN x.short_description END AS short_description,
       s.origin
  FROM sec_check.results x
  JOIN sec_check.run_stats s ON s.run_id = x.run_id
  CROSS JOIN (SELECT coalesce((SELECT u.rolsuper OR u.rolbypassrls FROM pg_catalog.pg_roles u WHERE u.rolname = current_user), false)
                     OR EXISTS (SELECT 1 FROM sec_check.evidence_readers e
                                 WHERE pg_catalog.pg_has_role(current_user, e.reader, 'USAGE')) AS all_runs) v;

COMMENT ON VIEW sec_check.check_history IS
  'Verdict of each check in each stored run, with time, scope, pack and origin. Filter by check_id for one check''s history. short_description is NULL unless the reader may read that run.';
