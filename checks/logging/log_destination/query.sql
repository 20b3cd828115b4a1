SELECT (SELECT setting FROM pg_settings WHERE name = 'log_destination') AS log_destination,
       (SELECT setting FROM pg_settings WHERE name = 'logging_collector') AS logging_collector
