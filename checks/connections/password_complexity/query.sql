-- shared_preload_libraries as the loader resolves library names (passwordcheck, credcheck).
-- Read from the settings fact (checks/_facts/settings): server-wide and pending in the
-- configuration files (a reload or restart), each value with its meaning; a library's
-- settings exist only while it is loaded.
WITH
-- include: fact:settings
SELECT name, scope, who, value, parsed, known, note
  FROM settings WHERE name IN ('shared_preload_libraries')
 ORDER BY name, scope, who
