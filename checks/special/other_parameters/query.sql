-- Settings that endanger data integrity or let sessions load arbitrary code, judged on every value.
-- Read from the settings fact (checks/_facts/settings): server-wide, pending in the
-- configuration files and per role/database, each value with its meaning.
WITH
-- include: fact:settings
SELECT name, scope, who, value, parsed, known, note
  FROM settings WHERE name IN ('fsync', 'full_page_writes', 'data_sync_retry', 'dynamic_library_path', 'local_preload_libraries', 'row_security')
 ORDER BY name, scope, who
