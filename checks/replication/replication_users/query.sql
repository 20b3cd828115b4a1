-- Network "replication" lines should name a dedicated non-superuser replication role,
-- not "all" and not a superuser. Fails (Failed) for roles that cannot read pg_hba_file_rules.
SELECT (SELECT left(string_agg(rolname, ', ' ORDER BY rolname), 500) FROM pg_roles
         WHERE rolreplication AND NOT rolsuper AND rolcanlogin) AS dedicated_roles,
       count(*)::int AS replication_lines,
       left(string_agg(format('line %s: %s %s %s %s %s', line_number, type, array_to_string(database, ','),
         array_to_string(user_name, ','), coalesce(address || coalesce('/' || netmask, ''), ''), auth_method), '; ' ORDER BY line_number)
              FILTER (WHERE 'all' = ANY (user_name)
                         OR EXISTS (SELECT 1 FROM pg_roles AS su WHERE su.rolsuper AND su.rolname = ANY (user_name))), 1500) AS broad_lines
FROM pg_hba_file_rules
WHERE type LIKE 'host%' AND 'replication' = ANY (database) AND auth_method <> 'reject' AND error IS NULL
