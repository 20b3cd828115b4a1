SELECT coalesce(string_agg(lanname, ', ' ORDER BY lanname)
                  FILTER (WHERE NOT lanpltrusted AND lanname NOT IN ('c', 'internal')), '') AS untrusted,
       coalesce(string_agg(lanname, ', ' ORDER BY lanname)
                  FILTER (WHERE lanpltrusted AND lanname NOT IN ('sql', 'plpgsql')), '') AS other_trusted,
       current_database() AS database
FROM pg_language
