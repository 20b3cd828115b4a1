-- Network "replication" lines should name a dedicated non-superuser replication role, not
-- "all" and not a superuser-equivalent role (the su_equiv fact: superusers and the roles that
-- can act as one). Fails (Failed) for roles that cannot read pg_hba_file_rules.
WITH
-- include: fact:su_equiv
SELECT (SELECT left(string_agg(r.rolname, ', ' ORDER BY r.rolname), 500) FROM pg_roles AS r
         WHERE r.rolreplication AND r.rolcanlogin AND NOT EXISTS (SELECT 1 FROM su_equiv AS s WHERE s.oid = r.oid)) AS dedicated_roles,
       count(*)::int AS replication_lines,
       left(string_agg(format('line %s: %s %s %s %s %s', h.line_number, h.type, array_to_string(h.database, ','),
         array_to_string(h.user_name, ','), coalesce(h.address || coalesce('/' || h.netmask, ''), ''), h.auth_method), '; ' ORDER BY h.line_number)
              FILTER (WHERE 'all' = ANY (h.user_name)
                         OR EXISTS (SELECT 1 FROM su_equiv AS s WHERE s.rolname = ANY (h.user_name))), 1500) AS broad_lines
FROM pg_hba_file_rules AS h
WHERE h.type LIKE 'host%' AND 'replication' = ANY (h.database) AND h.auth_method <> 'reject' AND h.error IS NULL
