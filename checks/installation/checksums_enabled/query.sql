SELECT (SELECT setting FROM pg_settings WHERE name = 'data_checksums') AS value
