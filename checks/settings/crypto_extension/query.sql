SELECT (SELECT extversion FROM pg_extension WHERE extname = 'pgcrypto') AS ext_version,
       EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pgcrypto') AS available,
       current_database() AS database
