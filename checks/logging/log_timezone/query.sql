SELECT (SELECT setting FROM pg_settings WHERE name = 'log_timezone') AS value
