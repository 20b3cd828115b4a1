-- since: 0.2.0
-- The current score of each group (section), from the current state: each check's latest
-- evaluated verdict, whatever groups each run covered.
CREATE OR REPLACE VIEW sec_check.score_by_group AS
SELECT c.scope, c.pack, c.section,
       count(*) FILTER (WHERE c.status = 'Success') AS success,
       count(*) FILTER (WHERE c.status = 'Info') AS info,
       count(*) FILTER (WHERE c.status = 'Warning') AS warning,
       count(*) FILTER (WHERE c.status = 'Error') AS error,
       count(*) FILTER (WHERE c.status = 'Failed') AS failed,
       count(*) FILTER (WHERE c.waived) AS waived,
       CASE WHEN count(*) FILTER (WHERE c.status IN ('Success', 'Warning', 'Error', 'Failed') AND NOT c.waived) > 0
            THEN (floor(1000.0 * count(*) FILTER (WHERE c.status = 'Success')
                       / count(*) FILTER (WHERE c.status IN ('Success', 'Warning', 'Error', 'Failed') AND NOT c.waived)) / 10)::numeric(4,1)
       END AS score,
       max(c.checked_at) FILTER (WHERE c.status <> 'Skipped') AS last_checked_at,
       count(*) FILTER (WHERE c.status = 'Skipped') AS skipped,
       min(c.checked_at) FILTER (WHERE c.status <> 'Skipped') AS oldest_checked_at,
       max(c.priority) FILTER (WHERE NOT c.waived) AS top_priority
  FROM sec_check.current_state c
 GROUP BY c.scope, c.pack, c.section;

COMMENT ON VIEW sec_check.score_by_group IS
  'Current score per group (section), scope and pack, from the current state (each check''s latest evaluated verdict); waived findings are left out of the score.';
COMMENT ON COLUMN sec_check.score_by_group.scope IS 'The audited database.';
COMMENT ON COLUMN sec_check.score_by_group.pack IS 'Report name of the check pack.';
COMMENT ON COLUMN sec_check.score_by_group.section IS 'Group (section) key.';
COMMENT ON COLUMN sec_check.score_by_group.success IS 'Checks of the group whose latest verdict is Success.';
COMMENT ON COLUMN sec_check.score_by_group.info IS 'Checks whose latest verdict is Info.';
COMMENT ON COLUMN sec_check.score_by_group.warning IS 'Checks whose latest verdict is Warning.';
COMMENT ON COLUMN sec_check.score_by_group.error IS 'Checks whose latest verdict is Error.';
COMMENT ON COLUMN sec_check.score_by_group.failed IS 'Checks whose latest verdict is Failed (could not verify).';
COMMENT ON COLUMN sec_check.score_by_group.waived IS 'Findings of the group under a waiver in force.';
COMMENT ON COLUMN sec_check.score_by_group.score IS 'Percent of judged checks passed (waived findings left out), rounded down to 0.1; NULL when none is judged.';
COMMENT ON COLUMN sec_check.score_by_group.last_checked_at IS 'Newest evaluated verdict of the group.';
COMMENT ON COLUMN sec_check.score_by_group.skipped IS 'Checks of the group never evaluated.';
COMMENT ON COLUMN sec_check.score_by_group.oldest_checked_at IS 'Oldest evaluated verdict of the group: how stale the score can be.';
COMMENT ON COLUMN sec_check.score_by_group.top_priority IS 'Highest priority among the group''s findings not waived.';
