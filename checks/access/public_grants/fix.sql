-- Fix for public_grants: CREATE on a schema granted to PUBLIC is revoked (as for schema
-- public); privileges on tables, views and sequences granted to PUBLIC are only suggested
-- (manual): applications may read through them. Extension members are left alone.
SELECT f.statement, f.comment, f.manual
FROM (SELECT 1 AS part, n.nspname AS k1, ''::text AS k2,
             format('REVOKE CREATE ON SCHEMA %I FROM PUBLIC', n.nspname) AS statement,
             format('PUBLIC can create objects in schema %I', n.nspname) AS comment,
             false AS manual
        FROM pg_namespace AS n
       WHERE n.nspname <> 'public' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
         AND EXISTS (SELECT 1 FROM aclexplode(n.nspacl) AS a WHERE a.grantee = 0 AND a.privilege_type = 'CREATE')
      UNION ALL
      SELECT 2, n.nspname, c.relname,
             format('REVOKE ALL ON %s %I.%I FROM PUBLIC', CASE WHEN c.relkind = 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, n.nspname, c.relname),
             format('PUBLIC has %s on %I.%I; grant what is needed to named roles first',
                    (SELECT string_agg(a.privilege_type, ',' ORDER BY a.privilege_type) FROM aclexplode(c.relacl) AS a WHERE a.grantee = 0),
                    n.nspname, c.relname),
             true
        FROM pg_class AS c
        JOIN pg_namespace AS n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
         AND EXISTS (SELECT 1 FROM aclexplode(c.relacl) AS a WHERE a.grantee = 0)
         AND NOT EXISTS (SELECT 1 FROM pg_depend AS d
                          WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')) AS f
ORDER BY f.part, f.k1, f.k2
