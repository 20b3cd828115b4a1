SELECT count(*)::int AS count,
       left(string_agg(name || '=' || setting, ', ' ORDER BY name), 1000) AS list
FROM pg_settings
WHERE (name IN ('ignore_system_indexes', 'jit_debugging_support', 'jit_profiling_support') AND setting = 'on')
   OR (name = 'post_auth_delay' AND setting <> '0')
