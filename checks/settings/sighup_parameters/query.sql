SELECT count(*)::int AS count,
       left(string_agg(name || '=' || setting, ', ' ORDER BY name), 1500) AS list
FROM pg_settings
WHERE context = 'sighup' AND source NOT IN ('default', 'override')
