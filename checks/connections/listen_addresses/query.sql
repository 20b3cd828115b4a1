SELECT (SELECT setting FROM pg_settings WHERE name = 'listen_addresses') AS value
