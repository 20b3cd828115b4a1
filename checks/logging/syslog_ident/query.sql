SELECT (SELECT setting FROM pg_settings WHERE name = 'syslog_ident') AS syslog_ident,
       (SELECT setting FROM pg_settings WHERE name = 'log_destination') AS log_destination
