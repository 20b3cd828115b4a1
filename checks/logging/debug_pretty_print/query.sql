SELECT (SELECT setting FROM pg_settings WHERE name = 'debug_pretty_print') AS value
