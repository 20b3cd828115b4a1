SELECT (SELECT setting FROM pg_settings WHERE name = 'log_truncate_on_rotation') AS value
