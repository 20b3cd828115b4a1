-- PostgreSQL 18+: log_connections is a list of aspects (receipt, authentication,
-- authorization, setup_durations) or 'all'; the old boolean spellings still work and
-- "on" means receipt,authentication,authorization.
SELECT v.setting AS log_connections,
       true AS list_syntax,
       (SELECT string_agg(aspect, ',' ORDER BY aspect)
          FROM unnest(ARRAY['authentication', 'authorization', 'receipt']) AS aspect
         WHERE NOT aspect = ANY (v.aspects)) AS missing
FROM (SELECT s.setting,
             CASE WHEN lower(s.setting) IN ('on', 'true', 'yes', '1', 'all')
                    THEN ARRAY['receipt', 'authentication', 'authorization']
                  WHEN lower(s.setting) IN ('', 'off', 'false', 'no', '0')
                    THEN ARRAY[]::text[]
                  ELSE string_to_array(replace(lower(s.setting), ' ', ''), ',')
             END AS aspects
        FROM (SELECT (SELECT setting FROM pg_settings WHERE name = 'log_connections') AS setting) AS s
       WHERE s.setting IS NOT NULL) AS v
