WITH RECURSIVE
-- include: fact:su_equiv
-- Only the bootstrap superuser (oid 10) should hold admin attributes or reach a superuser
-- through membership; REPLICATION alone is handled by the replication checks.
SELECT count(*)::int AS count,
       left(string_agg(format('%s (%s)', r.rolname,
                              concat_ws(',', CASE WHEN r.rolsuper THEN 'superuser' END,
                                             CASE WHEN NOT r.rolsuper AND e.via IS NOT NULL THEN 'SET ROLE ' || e.via END,
                                             CASE WHEN r.rolcreaterole THEN 'createrole' END,
                                             CASE WHEN r.rolcreatedb THEN 'createdb' END,
                                             CASE WHEN r.rolbypassrls THEN 'bypassrls' END)),
                       ', ' ORDER BY r.rolname), 1500) AS list
FROM pg_roles AS r
LEFT JOIN su_equiv AS e ON e.oid = r.oid
WHERE r.oid <> 10 AND r.rolname NOT LIKE 'pg\_%'
  AND (r.rolsuper OR e.oid IS NOT NULL OR r.rolcreaterole OR r.rolcreatedb OR r.rolbypassrls)
