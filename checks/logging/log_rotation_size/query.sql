SELECT (SELECT setting FROM pg_settings WHERE name = 'log_rotation_size') AS log_rotation_size,
       (SELECT setting FROM pg_settings WHERE name = 'log_rotation_age') AS log_rotation_age
