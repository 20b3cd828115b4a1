-- pgAudit must be preloaded, created in the database (its DDL event triggers) and told
-- which statement classes to log. pgaudit.log exists only while the library is loaded.
SELECT (SELECT setting FROM pg_settings WHERE name = 'shared_preload_libraries') AS preload,
       (SELECT extversion FROM pg_extension WHERE extname = 'pgaudit') AS ext_version,
       (SELECT setting FROM pg_settings WHERE name = 'pgaudit.log') AS audit_log,
       current_database() AS database
