SELECT (SELECT setting FROM pg_settings WHERE name = 'log_disconnections') AS value
