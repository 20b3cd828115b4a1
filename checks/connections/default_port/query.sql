SELECT (SELECT setting FROM pg_settings WHERE name = 'port') AS value
