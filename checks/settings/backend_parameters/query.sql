-- Backend-context switches meant for debugging only.
-- Judged on the server-wide value and on every ALTER ROLE/DATABASE ... SET of them (named).
WITH guc(name) AS (VALUES ('ignore_system_indexes'), ('jit_debugging_support'), ('jit_profiling_support'), ('post_auth_delay')),
-- include: setting-effective
, candidates(item, n, v) AS (
  SELECT e.name || '=' || e.value, e.name, e.value FROM setting_effective AS e
  UNION ALL
  SELECT format('%s=%s (%s)', e.name, split_part(o.line, E'\t', 2), split_part(o.line, E'\t', 1)), e.name, split_part(o.line, E'\t', 2)
    FROM setting_effective AS e CROSS JOIN LATERAL regexp_split_to_table(e.overrides, E'\n') AS o(line)
   WHERE e.overrides IS NOT NULL
)
SELECT count(*)::int AS count,
       left(string_agg(item, ', ' ORDER BY item), 1000) AS list
FROM candidates
WHERE (n <> 'post_auth_delay' AND lower(v) IN ('on', 'true', 'yes', '1')) OR (n = 'post_auth_delay' AND v NOT IN ('0', '0s'))
