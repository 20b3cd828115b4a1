-- pgAudit must be preloaded, created in the database (its DDL event triggers) and told
-- which statement classes to log. pgaudit.log exists only while the library is loaded.
-- Both settings come through the setting-effective block: pgaudit.log as the server applies
-- it plus per-role/database overrides, shared_preload_libraries with a value pending restart.
WITH guc(name) AS (VALUES ('shared_preload_libraries'), ('pgaudit.log')),
-- include: setting-effective
SELECT (SELECT value FROM setting_effective WHERE name = 'shared_preload_libraries') AS preload,
       (SELECT pending_value FROM setting_effective WHERE name = 'shared_preload_libraries') AS preload_pending,
       (SELECT pending_unknown FROM setting_effective WHERE name = 'shared_preload_libraries') AS preload_pending_unknown,
       (SELECT extversion FROM pg_extension WHERE extname = 'pgaudit') AS ext_version,
       (SELECT value FROM setting_effective WHERE name = 'pgaudit.log') AS value,
       (SELECT overrides FROM setting_effective WHERE name = 'pgaudit.log') AS overrides,
       current_database() AS database
