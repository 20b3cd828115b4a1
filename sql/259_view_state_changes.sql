-- since: 0.4.0
-- When each check's evaluated verdict changed, per scope (database) and pack: compares a
-- check's verdict with its own previous evaluated verdict, whatever groups the runs in
-- between covered, so an hourly run of one group neither hides nor repeats a change.
-- Skipped results are not verdicts and are left out; a first verdict that passes is not a
-- change. change: new_finding, fixed, regressed, improved (the words of sec_check.drift).
CREATE OR REPLACE VIEW sec_check.state_changes AS
SELECT c.scope, c.pack, c.section, c.check_id, c.check_name, c.severity, c.from_status, c.to_status,
       CASE WHEN c.tr = 0 THEN 'fixed'
            WHEN c.fr IS NULL OR c.fr = 0 THEN 'new_finding'
            WHEN c.tr > c.fr THEN 'regressed'
            ELSE 'improved' END AS change,
       sec_check.priority(c.to_status, c.severity, NULL) AS priority,
       c.from_run_id, c.run_id, c.changed_at, c.origin
  FROM (SELECT s.scope, s.pack, x.section, x.check_id, x.check_name, x.severity,
               lag(x.status) OVER w AS from_status, x.status AS to_status,
               CASE lag(x.status) OVER w WHEN 'Error' THEN 3 WHEN 'Failed' THEN 2 WHEN 'Warning' THEN 1
                                         WHEN 'Success' THEN 0 WHEN 'Info' THEN 0 END AS fr,
               CASE x.status WHEN 'Error' THEN 3 WHEN 'Failed' THEN 2 WHEN 'Warning' THEN 1 ELSE 0 END AS tr,
               lag(x.run_id) OVER w AS from_run_id, x.run_id, s.finished_at AS changed_at, s.origin
          FROM sec_check.results x
          JOIN sec_check.run_stats s ON s.run_id = x.run_id
         WHERE x.status <> 'Skipped'
        WINDOW w AS (PARTITION BY s.scope, s.pack, coalesce(x.check_id, x.section || '/' || x.check_name)
                     ORDER BY s.finished_at, x.run_id)) c
 WHERE c.tr IS DISTINCT FROM c.fr AND NOT (c.fr IS NULL AND c.tr = 0);

COMMENT ON VIEW sec_check.state_changes IS
  'Every change of a check''s evaluated verdict per scope (database) and pack, compared with that check''s own previous verdict (runs of other groups and Skipped results in between do not count): new_finding, fixed, regressed, improved, with the runs and the time. Filter on changed_at.';
COMMENT ON COLUMN sec_check.state_changes.scope IS 'The audited database.';
COMMENT ON COLUMN sec_check.state_changes.pack IS 'Report name of the check pack.';
COMMENT ON COLUMN sec_check.state_changes.section IS 'Group (section) key of the check.';
COMMENT ON COLUMN sec_check.state_changes.check_id IS 'Stable check id (NULL for foreign packs without ids).';
COMMENT ON COLUMN sec_check.state_changes.check_name IS 'Display name of the check.';
COMMENT ON COLUMN sec_check.state_changes.severity IS 'Severity of the check.';
COMMENT ON COLUMN sec_check.state_changes.from_status IS 'The check''s previous evaluated verdict (NULL: none before).';
COMMENT ON COLUMN sec_check.state_changes.to_status IS 'The new verdict.';
COMMENT ON COLUMN sec_check.state_changes.change IS 'new_finding, fixed, regressed or improved.';
COMMENT ON COLUMN sec_check.state_changes.priority IS 'Priority of the new verdict (sec_check.priority, exposure not considered).';
COMMENT ON COLUMN sec_check.state_changes.from_run_id IS 'Run of the previous verdict.';
COMMENT ON COLUMN sec_check.state_changes.run_id IS 'Run of the new verdict.';
COMMENT ON COLUMN sec_check.state_changes.changed_at IS 'When the run of the new verdict finished.';
COMMENT ON COLUMN sec_check.state_changes.origin IS 'database or agent: who produced the new verdict.';
