-- Write privileges on tables in user schemas held by someone other than the owner.
SELECT count(*) FILTER (WHERE a.grantee = 0)::int AS public_grants,
       left(string_agg(DISTINCT format('%I.%I', n.nspname, c.relname), ', ') FILTER (WHERE a.grantee = 0), 1000) AS public_tables,
       count(DISTINCT a.grantee) FILTER (WHERE a.grantee <> 0)::int AS grantee_roles,
       count(DISTINCT c.oid) FILTER (WHERE a.grantee <> 0)::int AS granted_tables,
       current_database() AS database
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
CROSS JOIN LATERAL aclexplode(c.relacl) AS a
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
  AND a.privilege_type IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE')
  AND a.grantee <> c.relowner
