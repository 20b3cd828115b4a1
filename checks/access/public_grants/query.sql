-- Tables, views, sequences and schemas granted to PUBLIC. Only relations with an ACL are
-- exploded (relacl IS NOT NULL first: a million relations mostly have none).
SELECT count(*)::int AS count,
       left(string_agg(o.object || ': ' || o.privileges, '; ' ORDER BY o.object), 1500) AS list,
       current_database() AS database
FROM (SELECT format('%I.%I', n.nspname, c.relname) AS object,
             string_agg(a.privilege_type, ',' ORDER BY a.privilege_type) AS privileges
        FROM pg_class AS c
        JOIN pg_namespace AS n ON n.oid = c.relnamespace
        CROSS JOIN LATERAL aclexplode(c.relacl) AS a
       WHERE c.relacl IS NOT NULL AND a.grantee = 0 AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
         AND NOT EXISTS (SELECT 1 FROM pg_depend AS d
                   WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
       GROUP BY n.nspname, c.relname
      UNION ALL
      SELECT format('schema %I', n.nspname), string_agg(a.privilege_type, ',' ORDER BY a.privilege_type)
        FROM pg_namespace AS n
        CROSS JOIN LATERAL aclexplode(n.nspacl) AS a
       WHERE a.grantee = 0 AND a.privilege_type = 'CREATE' AND n.nspname <> 'public' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
       GROUP BY n.nspname) AS o
