-- since: 0.2.0
-- The current score of each group (section), from each check's latest evaluated verdict.
CREATE OR REPLACE VIEW sec_check.score_by_group AS
SELECT s.scope, s.pack, s.section,
       count(*) FILTER (WHERE s.last_status = 'Success') AS success,
       count(*) FILTER (WHERE s.last_status = 'Info') AS info,
       count(*) FILTER (WHERE s.last_status = 'Warning') AS warning,
       count(*) FILTER (WHERE s.last_status = 'Error') AS error,
       count(*) FILTER (WHERE s.last_status = 'Failed') AS failed,
       count(*) FILTER (WHERE f.state = 'waived') AS waived,
       CASE WHEN count(*) FILTER (WHERE s.last_status IN ('Success', 'Warning', 'Error', 'Failed')
                                    AND f.state IS DISTINCT FROM 'waived') > 0
            THEN (floor(1000.0 * count(*) FILTER (WHERE s.last_status = 'Success')
                       / count(*) FILTER (WHERE s.last_status IN ('Success', 'Warning', 'Error', 'Failed')
                                            AND f.state IS DISTINCT FROM 'waived')) / 10)::numeric(4,1)
       END AS score,
       max(s.last_checked_at) AS last_checked_at
  FROM sec_check.check_state s
  LEFT JOIN sec_check.findings f
    ON f.scope = s.scope AND f.pack = s.pack AND f.section = s.section AND f.check_name = s.check_name
 GROUP BY s.scope, s.pack, s.section;

COMMENT ON VIEW sec_check.score_by_group IS
  'Latest score per group (section), scope and pack, from each check''s newest evaluated verdict; waived findings are left out of the score.';
