SELECT (SELECT string_agg(extname || ' ' || extversion, ', ') FROM pg_extension
         WHERE extname IN ('anon', 'pg_anonymize')) AS installed,
       (SELECT string_agg(name, ', ') FROM pg_available_extensions
         WHERE name IN ('anon', 'pg_anonymize')) AS available,
       current_database() AS database
