SELECT count(*)::int AS count,
       left(string_agg(format('%s (%s)', rolname,
                              concat_ws(',', CASE WHEN rolsuper THEN 'superuser' END,
                                             CASE WHEN rolcreaterole THEN 'createrole' END,
                                             CASE WHEN rolcreatedb THEN 'createdb' END,
                                             CASE WHEN rolbypassrls THEN 'bypassrls' END)),
                       ', ' ORDER BY rolname), 1500) AS list
FROM pg_roles
WHERE oid <> 10 AND rolname NOT LIKE 'pg\_%'
  AND (rolsuper OR rolcreaterole OR rolcreatedb OR rolbypassrls)
