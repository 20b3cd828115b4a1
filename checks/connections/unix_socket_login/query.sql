-- pg_hba_file_rules shows pg_hba.conf as it is on disk (it takes effect on reload).
-- Only superusers (or roles granted SELECT on it) can read it; otherwise the query fails
-- and the check is reported as Failed.
SELECT count(*) FILTER (WHERE type = 'local')::int AS local_lines,
       count(*) FILTER (WHERE type = 'local' AND auth_method = 'trust')::int AS trust_count,
       left(string_agg(format('line %s: %s %s %s %s %s', line_number, type, array_to_string(database, ','),
         array_to_string(user_name, ','), coalesce(address || coalesce('/' || netmask, ''), ''), auth_method), '; ' ORDER BY line_number)
              FILTER (WHERE type = 'local' AND auth_method = 'trust'), 1500) AS trust_lines,
       count(*) FILTER (WHERE error IS NOT NULL)::int AS error_lines
FROM pg_hba_file_rules
