-- A login superuser can connect over TCP/IP if the server listens on the network and some
-- non-reject host line matches the role (by name, "all" or +group), unless an earlier
-- reject line for all databases and all addresses matches it first.
WITH su AS (
  SELECT rolname FROM pg_roles WHERE rolsuper AND rolcanlogin
), rules AS (
  SELECT r.line_number, r.auth_method, r.database, r.user_name, r.address, r.netmask, format('line %s: %s %s %s %s %s', r.line_number, r.type, array_to_string(r.database, ','),
         array_to_string(r.user_name, ','), coalesce(r.address || coalesce('/' || r.netmask, ''), ''), r.auth_method) AS line
    FROM pg_hba_file_rules AS r
   WHERE r.type LIKE 'host%' AND r.error IS NULL
), matches AS (
  SELECT su.rolname, rules.*
    FROM su JOIN rules
      ON 'all' = ANY (rules.user_name) OR su.rolname = ANY (rules.user_name)
         OR EXISTS (SELECT 1 FROM unnest(rules.user_name) AS u
                     WHERE u LIKE '+%' AND pg_has_role(su.rolname, (SELECT oid FROM pg_roles WHERE rolname = substr(u, 2)), 'MEMBER'))
)
SELECT (SELECT setting FROM pg_settings WHERE name = 'listen_addresses') AS listen_addresses,
       (SELECT count(*) FROM su)::int AS superusers,
       count(*)::int AS allowing_lines,
       left(string_agg(DISTINCT m.rolname || ' via ' || m.line, '; '), 1500) AS list
FROM matches AS m
WHERE m.auth_method <> 'reject'
  AND NOT EXISTS (SELECT 1 FROM matches AS earlier
                   WHERE earlier.rolname = m.rolname AND earlier.line_number < m.line_number
                     AND earlier.auth_method = 'reject' AND 'all' = ANY (earlier.database)
                     AND (earlier.address = 'all' OR earlier.netmask IN ('0.0.0.0', '::')))
