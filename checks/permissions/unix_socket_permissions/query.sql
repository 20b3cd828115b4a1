-- The Unix-domain socket: its mode (octal as the server reads numbers), group and directories.
-- Read from the settings fact (checks/_facts/settings): server-wide and pending in the
-- configuration files (a reload or restart), each value with its meaning.
WITH
-- include: fact:settings
SELECT name, scope, who, value, parsed, known, note
  FROM settings WHERE name IN ('unix_socket_permissions', 'unix_socket_group', 'unix_socket_directories')
 ORDER BY name, scope, who
