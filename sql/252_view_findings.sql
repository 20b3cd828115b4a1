-- since: 0.2.0
-- Every check that ever failed, per scope and pack, with its lifecycle. A waiver in force
-- shows as state "waived" with its reason; status stays the real verdict. The texts are
-- evidence (see latest_results): NULL unless the reader may read the run they came from.
CREATE OR REPLACE VIEW sec_check.findings AS
SELECT s.scope, s.pack, s.section, s.check_id, s.check_name, s.severity,
       s.last_status AS status,
       CASE WHEN w.id IS NOT NULL AND s.finding_state IN ('open', 'reopened') THEN 'waived'
            ELSE s.finding_state END AS state,
       s.first_seen, s.last_seen, s.consecutive_runs,
       CASE WHEN v.all_runs OR current_user IN (r.run_by, r.posted_by) THEN s.short_description END AS short_description,
       CASE WHEN v.all_runs OR current_user IN (r.run_by, r.posted_by) THEN s.recommendation END AS recommendation,
       s.first_run_id, s.last_failing_run_id, s.last_run_id, s.last_checked_at,
       s.fixed_at, s.fixed_run_id, s.reopened_count,
       w.reason AS waiver_reason, w.expires_at AS waiver_expires_at, w.created_by AS waived_by,
       s.finding_state AS state_without_waiver
  FROM sec_check.check_state s
  LEFT JOIN sec_check.runs r ON r.id = s.last_run_id
  CROSS JOIN (SELECT coalesce((SELECT u.rolsuper OR u.rolbypassrls FROM pg_catalog.pg_roles u WHERE u.rolname = current_user), false)
                     OR EXISTS (SELECT 1 FROM sec_check.evidence_readers e
                                 WHERE pg_catalog.pg_has_role(current_user, e.reader, 'USAGE')) AS all_runs) v
  LEFT JOIN LATERAL (
    SELECT aw.id, aw.reason, aw.expires_at, aw.created_by
      FROM sec_check.active_waivers aw
     WHERE aw.check_id IN (s.check_id, s.check_name, s.check_key)
       AND (aw.scope IS NULL OR aw.scope = s.scope)
     ORDER BY aw.scope IS NULL, aw.expires_at DESC
     LIMIT 1
  ) w ON true
 WHERE s.finding_state IS NOT NULL;

COMMENT ON VIEW sec_check.findings IS
  'Finding lifecycle per check, scope (database) and pack: state open | waived | fixed | reopened, latest status and texts, first_seen/last_seen (kept after purge), consecutive failing runs, run ids, and the waiver in force. The texts are NULL unless the reader may read the run they came from.';
