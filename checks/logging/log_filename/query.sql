SELECT (SELECT setting FROM pg_settings WHERE name = 'log_filename') AS log_filename
