SELECT (SELECT setting FROM pg_settings WHERE name = 'debug_print_plan') AS value
