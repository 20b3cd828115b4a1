-- log_min_error_statement as the server applies it, will apply it (pending in the configuration
-- files) and per role/database, each value with its meaning: the settings fact
-- (checks/_facts/settings).
WITH
-- include: fact:settings
SELECT name, scope, who, value, parsed, known, note
  FROM settings WHERE name IN ('log_min_error_statement')
 ORDER BY name, scope, who
