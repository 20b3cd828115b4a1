-- log_directory, which is relative to the data directory unless absolute.
-- Read from the settings fact (checks/_facts/settings): server-wide and pending in the
-- configuration files (a reload or restart), each value with its meaning.
WITH
-- include: fact:settings
SELECT name, scope, who, value, parsed, known, note
  FROM settings WHERE name IN ('log_directory', 'data_directory')
 ORDER BY name, scope, who
