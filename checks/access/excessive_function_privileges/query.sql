-- SECURITY DEFINER functions run with their owner's rights; owned by a superuser or a
-- superuser-equivalent role (the su_equiv fact: it can act as a superuser or run programs as
-- the server account) and executable by PUBLIC they hand that power to everyone whose input
-- can steer them. Extension members excluded.
WITH
-- include: fact:su_equiv
SELECT count(*)::int AS secdef,
       count(*) FILTER (WHERE s.oid IS NOT NULL AND f.public_exec)::int AS dangerous,
       left(string_agg(format('%I.%I(%s) owner %s%s%s', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid),
                              o.rolname, CASE WHEN s.oid IS NOT NULL AND NOT o.rolsuper THEN ' (superuser-equivalent)' ELSE '' END,
                              CASE WHEN f.public_exec THEN ', PUBLIC EXECUTE' ELSE '' END),
                       '; ' ORDER BY n.nspname, p.proname), 1500) AS functions,
       current_database() AS database
FROM pg_proc AS p
JOIN pg_namespace AS n ON n.oid = p.pronamespace
JOIN pg_roles AS o ON o.oid = p.proowner
LEFT JOIN su_equiv AS s ON s.oid = p.proowner
CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) AS a
                                    WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE') AS public_exec) AS f
WHERE p.prosecdef AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend AS d
                   WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
