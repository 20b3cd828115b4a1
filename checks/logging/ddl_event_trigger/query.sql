-- Event triggers on DDL events (pgAudit creates its own). 'O' (origin) and 'A' (always) fire
-- in normal sessions; 'R' fires only with session_replication_role = replica; 'D' never.
SELECT count(*)::int AS ddl_triggers,
       count(*) FILTER (WHERE evtenabled IN ('O', 'A'))::int AS enabled,
       left(string_agg(format('%s (%s, %s)', evtname, evtevent,
                              CASE evtenabled WHEN 'D' THEN 'disabled' WHEN 'R' THEN 'replica only'
                                              WHEN 'A' THEN 'always' ELSE 'enabled' END),
                       ', ' ORDER BY evtname), 1000) AS triggers,
       current_database() AS database
FROM pg_event_trigger
WHERE evtevent IN ('ddl_command_start', 'ddl_command_end', 'sql_drop')
