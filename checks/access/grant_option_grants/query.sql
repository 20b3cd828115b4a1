SELECT count(*)::int AS count,
       left(string_agg(g.item, '; ' ORDER BY g.item), 1500) AS list,
       current_database() AS database
FROM (SELECT format('%s on %I.%I to %s', a.privilege_type, n.nspname, c.relname,
                    CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END) AS item
        FROM pg_class AS c
        JOIN pg_namespace AS n ON n.oid = c.relnamespace
        CROSS JOIN LATERAL aclexplode(c.relacl) AS a
       WHERE a.is_grantable AND a.grantee <> c.relowner AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
      UNION ALL
      SELECT format('%s on schema %I to %s', a.privilege_type, n.nspname,
                    CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END)
        FROM pg_namespace AS n
        CROSS JOIN LATERAL aclexplode(n.nspacl) AS a
       WHERE a.is_grantable AND a.grantee <> n.nspowner AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%') AS g
