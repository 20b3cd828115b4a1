-- When the host agent (sec-check agent) last posted, read from sec_check.latest_results
-- (the view shows every verdict to its readers, whoever ran it; sec_check.runs is limited
-- by row-level security). Host checks are known from the view too: an in-database run
-- records them as Skipped (host_agent_required), an agent post as origin agent. The view
-- is named only inside query_to_xml's string, so this query also runs where sec_check is
-- not installed (the CLI against any server) and then reports installed = false.
WITH probe AS (
  SELECT pg_catalog.to_regclass('sec_check.latest_results') IS NOT NULL AS installed
), readable AS (
  SELECT installed,
         installed AND pg_catalog.has_table_privilege('sec_check.latest_results', 'SELECT') AS can_read
    FROM probe
), agent AS (
  SELECT installed, can_read,
         CASE WHEN can_read THEN query_to_xml(
           'SELECT count(*) FILTER (WHERE origin = ''agent'' OR skip_reason = ''host_agent_required'') AS host_checks,
                   count(*) FILTER (WHERE origin = ''agent'') AS agent_checks,
                   to_char(max(finished_at) FILTER (WHERE origin = ''agent'') AT TIME ZONE ''UTC'', ''YYYY-MM-DD HH24:MI:SS'') AS last_agent,
                   floor(extract(epoch FROM statement_timestamp() - max(finished_at) FILTER (WHERE origin = ''agent'')))::bigint AS age_s
              FROM sec_check.latest_results',
           false, true, '')::text END AS x
    FROM readable
), setting AS (
  SELECT coalesce(nullif(btrim(current_setting('sec_check.agent_max_age', true)), ''), '25 hours') AS max_age
)
SELECT a.installed, a.can_read,
       substring(a.x FROM '<host_checks>([0-9]+)</host_checks>')::bigint AS host_checks,
       substring(a.x FROM '<agent_checks>([0-9]+)</agent_checks>')::bigint AS agent_checks,
       substring(a.x FROM '<last_agent>([^<]*)</last_agent>') AS last_agent,
       substring(a.x FROM '<age_s>(-?[0-9]+)</age_s>')::bigint AS age_s,
       s.max_age,
       -- a plain number (seconds) or a number with a unit; anything else is reported, not cast
       CASE WHEN s.max_age ~* '^[0-9]+(\.[0-9]+)?\s*(s|sec|secs|second|seconds|min|mins|minute|minutes|h|hour|hours|d|day|days)?$'
            THEN floor(extract(epoch FROM s.max_age::interval))::bigint END AS max_age_s,
       current_database() AS database
  FROM agent a, setting s
