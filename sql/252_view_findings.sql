-- since: 0.2.0
-- Every check that ever failed, per scope and pack, with its lifecycle. A waiver in force
-- shows as state "waived" with its reason; status stays the real verdict. Texts are plain
-- (psql, dashboards); priority orders what to fix first (ORDER BY priority DESC). The texts
-- are evidence (see latest_results): NULL unless the reader may read the run they came from.
CREATE OR REPLACE VIEW sec_check.findings AS
SELECT s.scope, s.pack, s.section, s.check_id, s.check_name, s.severity,
       s.last_status AS status,
       CASE WHEN w.id IS NOT NULL AND s.finding_state IN ('open', 'reopened') THEN 'waived'
            ELSE s.finding_state END AS state,
       s.first_seen, s.last_seen, s.consecutive_runs,
       CASE WHEN v.all_runs OR current_user IN (r.run_by, r.posted_by) THEN sec_check.plain_text(s.short_description) END AS short_description,
       CASE WHEN v.all_runs OR current_user IN (r.run_by, r.posted_by) THEN sec_check.plain_text(s.recommendation) END AS recommendation,
       s.first_run_id, s.last_failing_run_id, s.last_run_id, s.last_checked_at,
       s.fixed_at, s.fixed_run_id, s.reopened_count,
       w.reason AS waiver_reason, w.expires_at AS waiver_expires_at, w.created_by AS waived_by,
       s.finding_state AS state_without_waiver,
       sec_check.priority(s.last_status, s.severity, s.exposure) AS priority,
       s.exposure
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
  'Finding lifecycle per check, scope (database) and pack: state open | waived | fixed | reopened, latest status and texts (plain), first_seen/last_seen (kept after purge), consecutive failing runs, run ids, the waiver in force, and the priority to fix it (sec_check.priority; 0 once it passes). The texts are NULL unless the reader may read the run they came from.';
COMMENT ON COLUMN sec_check.findings.scope IS 'The audited database.';
COMMENT ON COLUMN sec_check.findings.pack IS 'Report name of the check pack.';
COMMENT ON COLUMN sec_check.findings.section IS 'Group (section) key of the check.';
COMMENT ON COLUMN sec_check.findings.check_id IS 'Stable check id (NULL for foreign packs without ids).';
COMMENT ON COLUMN sec_check.findings.check_name IS 'Display name of the check.';
COMMENT ON COLUMN sec_check.findings.severity IS 'critical, high, medium, low, info, or NULL.';
COMMENT ON COLUMN sec_check.findings.status IS 'The latest evaluated verdict (the real one, also when waived).';
COMMENT ON COLUMN sec_check.findings.state IS 'open, waived (a waiver is in force), fixed (a later run passed) or reopened.';
COMMENT ON COLUMN sec_check.findings.first_seen IS 'When the check first failed (kept after purge).';
COMMENT ON COLUMN sec_check.findings.last_seen IS 'When it last failed.';
COMMENT ON COLUMN sec_check.findings.consecutive_runs IS 'Runs in a row it has failed (0 once fixed).';
COMMENT ON COLUMN sec_check.findings.short_description IS 'The latest verdict''s short text, plain; NULL unless the reader may read that run (run_by, posted_by, evidence reader, superuser).';
COMMENT ON COLUMN sec_check.findings.recommendation IS 'What to do, plain text; NULL unless the reader may read that run.';
COMMENT ON COLUMN sec_check.findings.first_run_id IS 'Run in which it first failed.';
COMMENT ON COLUMN sec_check.findings.last_failing_run_id IS 'Latest run in which it failed.';
COMMENT ON COLUMN sec_check.findings.last_run_id IS 'Run of the latest evaluated verdict.';
COMMENT ON COLUMN sec_check.findings.last_checked_at IS 'When that run finished.';
COMMENT ON COLUMN sec_check.findings.fixed_at IS 'When a run last found it fixed.';
COMMENT ON COLUMN sec_check.findings.fixed_run_id IS 'That run.';
COMMENT ON COLUMN sec_check.findings.reopened_count IS 'How often it failed again after being fixed.';
COMMENT ON COLUMN sec_check.findings.waiver_reason IS 'Reason of the waiver in force.';
COMMENT ON COLUMN sec_check.findings.waiver_expires_at IS 'When that waiver ends.';
COMMENT ON COLUMN sec_check.findings.waived_by IS 'Who created that waiver.';
COMMENT ON COLUMN sec_check.findings.state_without_waiver IS 'The lifecycle state ignoring waivers: open, fixed or reopened.';
COMMENT ON COLUMN sec_check.findings.priority IS 'Fix-first order of the latest verdict (sec_check.priority): sort descending; 0 once it passes.';
COMMENT ON COLUMN sec_check.findings.exposure IS 'remote or local when the evidence shows it, else NULL.';
