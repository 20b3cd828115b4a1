-- pgAudit's effective output, from the settings fact (checks/_facts/settings): the derived
-- 'pgaudit' rows say, server-wide, after the pending reload/restart and for every role and
-- database whose settings change it, whether the library is loaded (its settings exist only
-- then) and preloaded (shared_preload_libraries as the loader resolves names), which classes
-- pgaudit.log leaves after its exclusions, the level its lines are written at and whether
-- that level and log_destination let them reach the server log. Plus the extension in this
-- database (its event triggers complete the DDL records).
WITH
-- include: fact:settings
SELECT s.name, s.scope, s.who, s.value, s.parsed, s.known, s.note,
       (SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'pgaudit') AS ext_version,
       current_database() AS database
  FROM settings AS s WHERE s.name IN ('pgaudit', 'shared_preload_libraries', 'pgaudit.log')
 ORDER BY s.name, s.scope, s.who
