-- Only facts about primary_conninfo are returned, never its text (it may hold a password).
SELECT pg_is_in_recovery() AS standby,
       s.setting IS NOT NULL AS visible,
       coalesce(s.setting, '') <> '' AS configured,
       -- key=value form (password=...) or URI form (postgresql://user:secret@host, ...?password=...)
       coalesce(s.setting ~* '(^|\s)password\s*='
                OR (s.setting ~* '^\s*postgres(ql)?://'
                    AND (s.setting ~ '^\s*[a-zA-Z]+://[^@/?#]*:[^@/?#]*@' OR s.setting ~* '[?&]password=')), false) AS has_password,
       coalesce(substring(s.setting from '(?i)sslmode\s*=\s*''?([a-z-]+)'), 'prefer') AS sslmode
FROM (SELECT (SELECT setting FROM pg_settings WHERE name = 'primary_conninfo') AS setting) AS s
