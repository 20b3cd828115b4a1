-- log_rotation_age (minutes; 0 disables time-based rotation) and log_rotation_size.
-- Read from the settings fact (checks/_facts/settings): server-wide and pending in the
-- configuration files (a reload or restart), each value with its meaning.
WITH
-- include: fact:settings
SELECT name, scope, who, value, parsed, known, note
  FROM settings WHERE name IN ('log_rotation_age', 'log_rotation_size')
 ORDER BY name, scope, who
