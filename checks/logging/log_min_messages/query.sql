SELECT (SELECT setting FROM pg_settings WHERE name = 'log_min_messages') AS value
