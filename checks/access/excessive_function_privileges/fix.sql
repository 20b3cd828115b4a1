-- Fix for excessive_function_privileges: a SECURITY DEFINER function owned by a superuser
-- and executable by PUBLIC hands superuser power to every role; revoke PUBLIC's EXECUTE
-- (the comment says to grant it to the roles that need it). Extension members are left alone.
SELECT format('REVOKE EXECUTE ON FUNCTION %I.%I(%s) FROM PUBLIC', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) AS statement,
       format('SECURITY DEFINER function %I.%I owned by superuser %I is executable by PUBLIC', n.nspname, p.proname, o.rolname) AS comment,
       false AS manual
FROM pg_proc AS p
JOIN pg_namespace AS n ON n.oid = p.pronamespace
JOIN pg_roles AS o ON o.oid = p.proowner
WHERE p.prosecdef AND o.rolsuper
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
  AND EXISTS (SELECT 1 FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) AS a
               WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE')
  AND NOT EXISTS (SELECT 1 FROM pg_depend AS d
                   WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
ORDER BY n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)
