-- When the host agent (sec-check agent) last posted, read from sec_check.latest_results
-- (the view shows every verdict to its readers, whoever ran it; sec_check.runs is limited
-- by row-level security). Host checks are known from the view too: an in-database run
-- records them as Skipped (host_agent_required), an agent post as origin agent. The
-- allowed age and whether the installation runs a host agent at all are the extension
-- owner's settings (sec_check.effective_config: agent_max_age, host_agent), never the
-- auditing session's. The views are named only inside query_to_xml's strings, so this
-- query also runs where sec_check is not installed (the CLI against any server) and then
-- reports installed = false.
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
), config AS (
  SELECT r.installed AND pg_catalog.to_regclass('sec_check.effective_config') IS NOT NULL AS present,
         CASE WHEN r.installed AND pg_catalog.to_regclass('sec_check.effective_config') IS NOT NULL
                   AND pg_catalog.has_table_privilege('sec_check.effective_config', 'SELECT')
              THEN query_to_xml('SELECT name, value, source FROM sec_check.effective_config WHERE name IN (''agent_max_age'', ''host_agent'') ORDER BY name',
                                false, true, '')::text END AS x
    FROM readable r
), setting AS (
  -- an extension older than 0.4.0 has no settings table: its default applies
  SELECT coalesce(substring(c.x FROM '<name>agent_max_age</name>\s*<value>([^<]*)</value>'),
                  CASE WHEN NOT c.present THEN '25 hours' END) AS max_age,
         coalesce(substring(c.x FROM '<name>agent_max_age</name>\s*<value>[^<]*</value>\s*<source>([^<]*)</source>'),
                  CASE WHEN NOT c.present THEN 'default' END) AS max_age_source,
         coalesce(substring(c.x FROM '<name>host_agent</name>\s*<value>([^<]*)</value>'), 'expected') AS host_agent,
         CASE WHEN c.x IS NOT NULL THEN 'read' WHEN c.present THEN 'unreadable' ELSE 'absent' END AS config_state
    FROM config c
)
SELECT a.installed, a.can_read,
       substring(a.x FROM '<host_checks>([0-9]+)</host_checks>')::bigint AS host_checks,
       substring(a.x FROM '<agent_checks>([0-9]+)</agent_checks>')::bigint AS agent_checks,
       substring(a.x FROM '<last_agent>([^<]*)</last_agent>') AS last_agent,
       substring(a.x FROM '<age_s>(-?[0-9]+)</age_s>')::bigint AS age_s,
       s.max_age, s.max_age_source, s.host_agent, s.config_state,
       -- a plain number (seconds) or a number with a unit; anything else is reported, not cast
       CASE WHEN s.max_age ~* '^[0-9]+(\.[0-9]+)?\s*(s|sec|secs|second|seconds|min|mins|minute|minutes|h|hour|hours|d|day|days)?$'
            THEN floor(extract(epoch FROM s.max_age::interval))::bigint END AS max_age_s,
       current_database() AS database
  FROM agent a, setting s
