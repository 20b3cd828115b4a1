-- since: 0.4.0
-- The score of the current state, per scope (database) and pack: passed / judged in percent
-- as in the reports (judged = Success + Warning + Error + Failed, waived findings left out;
-- Info and Skipped never count), over every check's latest verdict, so an hourly run of one
-- group does not make it jump. With how many checks it rests on and how old they are.
CREATE OR REPLACE VIEW sec_check.current_score AS
SELECT c.scope, c.pack,
       CASE WHEN count(*) FILTER (WHERE c.status IN ('Success', 'Warning', 'Error', 'Failed') AND NOT c.waived) > 0
            THEN (floor(1000.0 * count(*) FILTER (WHERE c.status = 'Success')
                       / count(*) FILTER (WHERE c.status IN ('Success', 'Warning', 'Error', 'Failed') AND NOT c.waived)) / 10)::numeric(4,1)
       END AS score,
       count(*) AS total,
       count(*) FILTER (WHERE c.status = 'Success') AS success,
       count(*) FILTER (WHERE c.status = 'Info') AS info,
       count(*) FILTER (WHERE c.status = 'Warning') AS warning,
       count(*) FILTER (WHERE c.status = 'Error') AS error,
       count(*) FILTER (WHERE c.status = 'Failed') AS failed,
       count(*) FILTER (WHERE c.status = 'Skipped') AS skipped,
       count(*) FILTER (WHERE c.waived) AS waived,
       count(*) FILTER (WHERE c.priority > 0 AND NOT c.waived) AS to_fix,
       max(c.priority) FILTER (WHERE NOT c.waived) AS top_priority,
       min(c.checked_at) AS oldest_checked_at,
       max(c.checked_at) AS newest_checked_at,
       count(DISTINCT c.run_id) AS runs
  FROM sec_check.current_state c
 GROUP BY c.scope, c.pack;

COMMENT ON VIEW sec_check.current_score IS
  'Score of the current state per scope (database) and pack (percent of judged checks passed, waived findings left out), counts by status, findings to fix, the highest priority, the oldest and newest verdict and how many runs they come from.';
COMMENT ON COLUMN sec_check.current_score.scope IS 'The audited database.';
COMMENT ON COLUMN sec_check.current_score.pack IS 'Report name of the check pack.';
COMMENT ON COLUMN sec_check.current_score.score IS 'Percent of judged checks (Success, Warning, Error, Failed; waived findings left out) that passed, rounded down to 0.1; NULL when none is judged.';
COMMENT ON COLUMN sec_check.current_score.total IS 'Checks in the current state.';
COMMENT ON COLUMN sec_check.current_score.success IS 'Checks whose latest verdict is Success.';
COMMENT ON COLUMN sec_check.current_score.info IS 'Checks whose latest verdict is Info.';
COMMENT ON COLUMN sec_check.current_score.warning IS 'Checks whose latest verdict is Warning.';
COMMENT ON COLUMN sec_check.current_score.error IS 'Checks whose latest verdict is Error.';
COMMENT ON COLUMN sec_check.current_score.failed IS 'Checks whose latest verdict is Failed (could not verify).';
COMMENT ON COLUMN sec_check.current_score.skipped IS 'Checks never evaluated (latest verdict Skipped).';
COMMENT ON COLUMN sec_check.current_score.waived IS 'Findings under a waiver in force.';
COMMENT ON COLUMN sec_check.current_score.to_fix IS 'Findings (Warning, Error, Failed) not waived.';
COMMENT ON COLUMN sec_check.current_score.top_priority IS 'Highest priority among findings not waived (0 when there is nothing to do).';
COMMENT ON COLUMN sec_check.current_score.oldest_checked_at IS 'When the oldest verdict of the current state was made.';
COMMENT ON COLUMN sec_check.current_score.newest_checked_at IS 'When the newest verdict was made.';
COMMENT ON COLUMN sec_check.current_score.runs IS 'How many stored runs the verdicts come from.';
