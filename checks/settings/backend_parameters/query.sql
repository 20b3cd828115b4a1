-- Backend-context switches meant for debugging only, judged on every value.
-- Read from the settings fact (checks/_facts/settings): server-wide, pending in the
-- configuration files and per role/database, each value with its meaning.
WITH
-- include: fact:settings
SELECT name, scope, who, value, parsed, known, note
  FROM settings WHERE name IN ('ignore_system_indexes', 'jit_debugging_support', 'jit_profiling_support', 'post_auth_delay')
 ORDER BY name, scope, who
