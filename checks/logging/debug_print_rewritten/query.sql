SELECT (SELECT setting FROM pg_settings WHERE name = 'debug_print_rewritten') AS value
