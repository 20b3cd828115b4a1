SELECT count(*)::int AS count,
       left(string_agg(name || '=' || setting, ', ' ORDER BY name), 1000) AS list
FROM pg_settings
WHERE (name IN ('allow_system_table_mods', 'ignore_checksum_failure', 'zero_damaged_pages',
                'lo_compat_privileges', 'debug_print_parse', 'debug_print_rewritten', 'debug_print_plan')
       AND setting = 'on')
   OR (name = 'session_preload_libraries' AND setting <> '')
