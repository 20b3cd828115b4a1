-- logging_collector and the destinations that need it.
-- Read from the settings fact (checks/_facts/settings): server-wide and pending in the
-- configuration files (a reload or restart), each value with its meaning.
WITH
-- include: fact:settings
SELECT name, scope, who, value, parsed, known, note
  FROM settings WHERE name IN ('logging_collector', 'log_destination')
 ORDER BY name, scope, who
