SELECT (SELECT setting FROM pg_settings WHERE name = 'syslog_facility') AS syslog_facility,
       (SELECT setting FROM pg_settings WHERE name = 'log_destination') AS log_destination
