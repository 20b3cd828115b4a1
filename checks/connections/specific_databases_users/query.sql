SELECT count(*)::int AS count,
       left(string_agg(format('line %s: %s %s %s %s %s', line_number, type, array_to_string(database, ','),
         array_to_string(user_name, ','), coalesce(address || coalesce('/' || netmask, ''), ''), auth_method), '; ' ORDER BY line_number), 1500) AS list
FROM pg_hba_file_rules
WHERE type LIKE 'host%' AND auth_method <> 'reject' AND error IS NULL
  AND database = ARRAY['all'] AND user_name = ARRAY['all']
