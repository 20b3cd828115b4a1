-- Fix for public_schema: take CREATE on schema public away from PUBLIC in this database.
-- Nothing when PUBLIC has no CREATE there (any more).
SELECT format('REVOKE CREATE ON SCHEMA %I FROM PUBLIC', n.nspname) AS statement,
       format('PUBLIC can create objects in schema %I of database %I', n.nspname, current_database()) AS comment,
       false AS manual
FROM pg_namespace AS n
WHERE n.nspname = 'public'
  AND EXISTS (SELECT 1 FROM aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) AS a
               WHERE a.grantee = 0 AND a.privilege_type = 'CREATE')
