-- since: 0.2.0
-- Waivers in force right now: an expired one stops applying without anyone touching it.
CREATE OR REPLACE VIEW sec_check.active_waivers AS
SELECT w.id, w.check_id, w.scope, w.reason, w.expires_at, w.created_by, w.created_at
  FROM sec_check.waivers w
 WHERE w.revoked_at IS NULL
   AND w.expires_at > pg_catalog.now();

COMMENT ON VIEW sec_check.active_waivers IS
  'Waivers in force now (not revoked, not expired). scope NULL applies to every database. Read by reports and `sec-check run` to leave waived findings out of exit codes and scores.';
