SELECT (SELECT setting FROM pg_settings WHERE name = 'log_replication_commands') AS value
