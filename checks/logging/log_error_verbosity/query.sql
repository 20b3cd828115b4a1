SELECT (SELECT setting FROM pg_settings WHERE name = 'log_error_verbosity') AS value
