SELECT (SELECT setting FROM pg_settings WHERE name = 'syslog_sequence_numbers') AS value,
       (SELECT setting FROM pg_settings WHERE name = 'log_destination') AS log_destination
