-- log_file_mode (an octal mode; read as the server reads numbers: 0600, 384 and 0x180 are the same).
-- Read from the settings fact (checks/_facts/settings): server-wide and pending in the
-- configuration files (a reload or restart), each value with its meaning.
WITH
-- include: fact:settings
SELECT name, scope, who, value, parsed, known, note
  FROM settings WHERE name IN ('log_file_mode')
 ORDER BY name, scope, who
