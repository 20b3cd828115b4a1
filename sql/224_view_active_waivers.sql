-- since: 0.2.0
-- Waivers in force right now: an expired one stops applying without anyone touching it.
CREATE OR REPLACE VIEW sec_check.active_waivers AS
SELECT w.id, w.check_id, w.scope, w.reason, w.expires_at, w.created_by, w.created_at
  FROM sec_check.waivers w
 WHERE w.revoked_at IS NULL
   AND w.expires_at > pg_catalog.now();

COMMENT ON VIEW sec_check.active_waivers IS
  'Waivers in force now (not revoked, not expired). scope NULL applies to every database. Read by reports and `sec-check run` to leave waived findings out of exit codes and scores.';
COMMENT ON COLUMN sec_check.active_waivers.id IS 'Waiver id (sec_check.waivers.id).';
COMMENT ON COLUMN sec_check.active_waivers.check_id IS 'Check id (or check name) the waiver excuses.';
COMMENT ON COLUMN sec_check.active_waivers.scope IS 'Database the waiver applies to; NULL: every database.';
COMMENT ON COLUMN sec_check.active_waivers.reason IS 'Why the risk is accepted.';
COMMENT ON COLUMN sec_check.active_waivers.expires_at IS 'When the waiver stops applying by itself.';
COMMENT ON COLUMN sec_check.active_waivers.created_by IS 'Who created the waiver.';
COMMENT ON COLUMN sec_check.active_waivers.created_at IS 'When it was created.';
