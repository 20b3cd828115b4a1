-- log_replication_commands as the server applies it, will apply it (pending in the configuration
-- files) and per role/database, each value with its meaning: the settings fact
-- (checks/_facts/settings), and whether LOG lines are written at all (log_output).
WITH
-- include: fact:settings
SELECT name, scope, who, value, parsed, known, note
  FROM settings WHERE name IN ('log_replication_commands', 'log_output')
 ORDER BY name, scope, who
