-- since: 0.3.0
-- Dashboard rollup of sensitive_access: one row per role and table.
CREATE OR REPLACE VIEW sec_check.sensitive_access_summary AS
SELECT a.user_name, a.object_name,
       count(*) FILTER (WHERE a.class = 'READ') AS reads,
       count(*) FILTER (WHERE a.class = 'WRITE') AS writes,
       count(*) AS events,
       count(DISTINCT a.client) AS distinct_clients,
       count(DISTINCT (a.logged_at AT TIME ZONE 'UTC')::date) AS active_days,
       min(a.logged_at) AS first_at,
       max(a.logged_at) AS last_at,
       (SELECT array_agg(DISTINCT l ORDER BY l) FROM unnest(array_agg(a.labels)) AS l) AS labels,
       count(*) FILTER (WHERE a.origin = 'unverifiable') AS unverifiable_events
  FROM sec_check.sensitive_access AS a
 GROUP BY a.user_name, a.object_name;
COMMENT ON VIEW sec_check.sensitive_access_summary IS
  'Per role (user_name) and table: reads, writes, all events, distinct clients, days with access (UTC), first/last access, the labels of the table''s sensitive columns and how many of the events are unverifiable (audit_events.origin), from sec_check.sensitive_access. For dashboards.';
REVOKE ALL ON sec_check.sensitive_access_summary FROM PUBLIC;
COMMENT ON COLUMN sec_check.sensitive_access_summary.user_name IS 'Who.';
COMMENT ON COLUMN sec_check.sensitive_access_summary.object_name IS 'The table.';
COMMENT ON COLUMN sec_check.sensitive_access_summary.reads IS 'READ events.';
COMMENT ON COLUMN sec_check.sensitive_access_summary.writes IS 'WRITE events.';
COMMENT ON COLUMN sec_check.sensitive_access_summary.events IS 'All events.';
COMMENT ON COLUMN sec_check.sensitive_access_summary.distinct_clients IS 'Distinct clients.';
COMMENT ON COLUMN sec_check.sensitive_access_summary.active_days IS 'Days with access (UTC).';
COMMENT ON COLUMN sec_check.sensitive_access_summary.first_at IS 'First access.';
COMMENT ON COLUMN sec_check.sensitive_access_summary.last_at IS 'Last access.';
COMMENT ON COLUMN sec_check.sensitive_access_summary.labels IS 'Labels of the table''s sensitive columns.';
