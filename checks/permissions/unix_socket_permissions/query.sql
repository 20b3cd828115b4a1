SELECT (SELECT setting FROM pg_settings WHERE name = 'unix_socket_permissions') AS mode,
       (SELECT setting FROM pg_settings WHERE name = 'unix_socket_group') AS socket_group,
       (SELECT setting FROM pg_settings WHERE name = 'unix_socket_directories') AS directories
