SELECT count(*)::int AS count,
       left(string_agg(name || '=' || setting, ', ' ORDER BY name), 1000) AS list
FROM pg_settings
WHERE (name IN ('fsync', 'full_page_writes', 'row_security') AND setting = 'off')
   OR (name = 'data_sync_retry' AND setting = 'on')
   OR (name = 'dynamic_library_path' AND setting <> '$libdir')
   OR (name = 'local_preload_libraries' AND setting <> '')
