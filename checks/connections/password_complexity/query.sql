SELECT (SELECT setting FROM pg_settings WHERE name = 'shared_preload_libraries') AS preload
