-- log_rotation_size (kB; 0 disables size-based rotation) and log_rotation_age.
-- Read from the settings fact (checks/_facts/settings): server-wide and pending in the
-- configuration files (a reload or restart), each value with its meaning.
WITH
-- include: fact:settings
SELECT name, scope, who, value, parsed, known, note
  FROM settings WHERE name IN ('log_rotation_size', 'log_rotation_age')
 ORDER BY name, scope, who
