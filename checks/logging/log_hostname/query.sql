SELECT (SELECT setting FROM pg_settings WHERE name = 'log_hostname') AS value
