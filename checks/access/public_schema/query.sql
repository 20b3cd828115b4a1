-- Before PostgreSQL 15 every role could create objects in schema public by default
-- (a search_path trojan-horse risk); 15+ grants only USAGE to PUBLIC.
SELECT n.oid IS NOT NULL AS schema_exists,
       pg_get_userbyid(n.nspowner) AS owner,
       coalesce(EXISTS (SELECT 1 FROM aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) AS a
                         WHERE a.grantee = 0 AND a.privilege_type = 'CREATE'), false) AS public_create,
       current_database() AS database
FROM (SELECT 1) AS one
LEFT JOIN pg_namespace AS n ON n.nspname = 'public'
