-- since: 0.4.0
-- The current state: every check's latest verdict in its pack and scope (database), with
-- the run it came from and its age. An evaluated verdict is never replaced by a newer
-- Skipped one; a check that was never evaluated shows its newest Skipped verdict. A check
-- that the newest full in-database run of the pack no longer has (removed from the pack) is
-- left out. What `sec-check report`/`fix` read by default, what the score and the dashboard
-- show; a single run (run_summary, report_json) may have covered some groups only.
-- The texts (short_description, recommendation) are evidence, as in latest_results: NULL
-- unless the reader may read the run they came from (its run_by or posted_by, an evidence
-- reader, a superuser or BYPASSRLS role); once that run is purged, only the readers of every
-- run see them. Status, severity, exposure (remote/local: a word, no server data), priority,
-- names, lifecycle and who ran it are for every reader of the view.
CREATE OR REPLACE VIEW sec_check.current_state AS
SELECT s.scope, s.pack, s.section, s.check_id, s.check_name, s.severity,
       s.last_status AS status, s.skip_reason, s.exposure,
       sec_check.priority(s.last_status, s.severity, s.exposure) AS priority,
       w.id IS NOT NULL AND s.last_status IN ('Warning', 'Error', 'Failed') AS waived,
       CASE WHEN v.all_runs OR current_user IN (ru.run_by, ru.posted_by)
            THEN sec_check.plain_text(s.short_description) END AS short_description,
       CASE WHEN v.all_runs OR current_user IN (ru.run_by, ru.posted_by)
            THEN sec_check.plain_text(s.recommendation) END AS recommendation,
       s.last_run_id AS run_id, s.last_checked_at AS checked_at,
       pg_catalog.date_trunc('second', pg_catalog.now() - s.last_checked_at) AS age,
       r.origin, r.run_by, s.finding_state, s.first_seen, s.check_key
  FROM sec_check.check_state s
  LEFT JOIN sec_check.run_stats r ON r.run_id = s.last_run_id
  LEFT JOIN sec_check.runs ru ON ru.id = s.last_run_id
 CROSS JOIN (SELECT coalesce((SELECT u.rolsuper OR u.rolbypassrls FROM pg_catalog.pg_roles u WHERE u.rolname = current_user), false)
                    OR EXISTS (SELECT 1 FROM sec_check.evidence_readers e
                                WHERE pg_catalog.pg_has_role(current_user, e.reader, 'USAGE')) AS all_runs) v
  LEFT JOIN LATERAL (
    SELECT max(f.run_id) AS run_id
      FROM sec_check.run_stats f
     WHERE f.scope = s.scope AND f.pack = s.pack AND f.origin = 'database' AND f.groups IS NULL
  ) full_run ON true
  LEFT JOIN LATERAL (
    SELECT aw.id
      FROM sec_check.active_waivers aw
     WHERE aw.check_id IN (s.check_id, s.check_name, s.check_key)
       AND (aw.scope IS NULL OR aw.scope = s.scope)
     LIMIT 1
  ) w ON true
 WHERE full_run.run_id IS NULL OR full_run.run_id <= s.last_run_id
    OR EXISTS (SELECT 1 FROM sec_check.results x
                WHERE x.run_id = full_run.run_id
                  AND (x.check_id = s.check_id
                       OR (s.check_id IS NULL AND x.section = s.section AND x.check_name = s.check_name)));

COMMENT ON VIEW sec_check.current_state IS
  'Current state per scope (database) and pack: every check''s latest verdict (an evaluated one beats a newer Skipped; never-evaluated checks show their newest Skipped), the run it came from, when and its age, priority, waived, texts as plain text (NULL unless the reader may read that run). Checks the newest full in-database run no longer has are left out.';
COMMENT ON COLUMN sec_check.current_state.scope IS 'The audited database.';
COMMENT ON COLUMN sec_check.current_state.pack IS 'Report name of the check pack.';
COMMENT ON COLUMN sec_check.current_state.section IS 'Group (section) key of the check.';
COMMENT ON COLUMN sec_check.current_state.check_id IS 'Stable check id (NULL for foreign packs without ids).';
COMMENT ON COLUMN sec_check.current_state.check_name IS 'Display name of the check.';
COMMENT ON COLUMN sec_check.current_state.severity IS 'critical, high, medium, low, info, or NULL when the pack gives none.';
COMMENT ON COLUMN sec_check.current_state.status IS 'Latest verdict: Success, Info, Warning, Error, Failed (could not verify) or Skipped (never evaluated).';
COMMENT ON COLUMN sec_check.current_state.skip_reason IS 'Why it was Skipped, or insufficient_privilege on a Failed verdict.';
COMMENT ON COLUMN sec_check.current_state.exposure IS 'remote or local when the evidence shows it (sec_check.result_exposure), else NULL.';
COMMENT ON COLUMN sec_check.current_state.priority IS 'Fix-first order (sec_check.priority): 0 nothing to do, 18 at most; sort descending.';
COMMENT ON COLUMN sec_check.current_state.waived IS 'A finding under a waiver in force (sec_check.waive).';
COMMENT ON COLUMN sec_check.current_state.short_description IS 'The verdict''s short text, plain; NULL unless the reader may read that run (run_by, posted_by, evidence reader, superuser).';
COMMENT ON COLUMN sec_check.current_state.recommendation IS 'What to do, plain text; NULL unless the reader may read that run.';
COMMENT ON COLUMN sec_check.current_state.run_id IS 'The stored run this verdict came from.';
COMMENT ON COLUMN sec_check.current_state.checked_at IS 'When that run finished.';
COMMENT ON COLUMN sec_check.current_state.age IS 'How old the verdict is, to the second.';
COMMENT ON COLUMN sec_check.current_state.origin IS 'database (sec_check.run) or agent (host agent post); NULL once the run was purged.';
COMMENT ON COLUMN sec_check.current_state.run_by IS 'Role whose privileges the run used; NULL once the run was purged.';
COMMENT ON COLUMN sec_check.current_state.finding_state IS 'Finding lifecycle: open, fixed, reopened, or NULL while the check never failed.';
COMMENT ON COLUMN sec_check.current_state.first_seen IS 'When the check first failed (kept after purge).';
COMMENT ON COLUMN sec_check.current_state.check_key IS 'check_id, or section/check_name for checks without an id: the key waivers and findings use.';
