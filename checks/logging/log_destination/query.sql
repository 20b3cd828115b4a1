-- Where log lines go: log_destination (an identifier list) and logging_collector.
-- Read from the settings fact (checks/_facts/settings): server-wide and pending in the
-- configuration files (a reload or restart), each value with its meaning.
WITH
-- include: fact:settings
SELECT name, scope, who, value, parsed, known, note
  FROM settings WHERE name IN ('log_destination', 'logging_collector')
 ORDER BY name, scope, who
