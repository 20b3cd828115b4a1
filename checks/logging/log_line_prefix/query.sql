SELECT (SELECT setting FROM pg_settings WHERE name = 'log_line_prefix') AS value
