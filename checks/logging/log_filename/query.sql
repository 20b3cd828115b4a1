-- log_filename, a strftime pattern.
-- Read from the settings fact (checks/_facts/settings): server-wide and pending in the
-- configuration files (a reload or restart), each value with its meaning.
WITH
-- include: fact:settings
SELECT name, scope, who, value, parsed, known, note
  FROM settings WHERE name IN ('log_filename')
 ORDER BY name, scope, who
