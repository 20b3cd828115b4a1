SELECT (SELECT setting FROM pg_settings WHERE name = 'log_file_mode') AS log_file_mode
