-- authentication_timeout is in seconds. auth_delay.milliseconds exists only when the
-- auth_delay library is loaded.
SELECT (SELECT setting FROM pg_settings WHERE name = 'authentication_timeout')::int AS auth_timeout,
       (SELECT setting FROM pg_settings WHERE name = 'shared_preload_libraries') AS preload,
       (SELECT setting FROM pg_settings WHERE name = 'auth_delay.milliseconds')::int AS delay_ms
