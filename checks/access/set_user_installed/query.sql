SELECT (SELECT extversion FROM pg_extension WHERE extname = 'set_user') AS ext_version,
       EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'set_user') AS available,
       current_database() AS database
