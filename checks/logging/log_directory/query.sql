SELECT (SELECT setting FROM pg_settings WHERE name = 'log_directory') AS log_directory,
       (SELECT setting FROM pg_settings WHERE name = 'data_directory') AS data_directory
