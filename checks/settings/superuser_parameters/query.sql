-- Superuser-context switches that disable safety checks or expose data, judged on every value.
-- Read from the settings fact (checks/_facts/settings): server-wide, pending in the
-- configuration files and per role/database, each value with its meaning.
WITH
-- include: fact:settings
SELECT name, scope, who, value, parsed, known, note
  FROM settings WHERE name IN ('allow_system_table_mods', 'ignore_checksum_failure', 'zero_damaged_pages', 'lo_compat_privileges', 'debug_print_parse', 'debug_print_rewritten', 'debug_print_plan', 'session_preload_libraries')
 ORDER BY name, scope, who
