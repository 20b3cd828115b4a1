-- Only the bootstrap superuser should hold admin attributes or be superuser-equivalent (the
-- su_equiv fact: a route of the privilege graph to a superuser or to running programs as the
-- server account); REPLICATION alone is handled by the replication checks.
WITH
-- include: fact:su_equiv
SELECT count(*)::int AS count,
       left(string_agg(format('%s (%s)', r.rolname,
                              concat_ws(', ', CASE WHEN r.rolsuper THEN 'superuser' END,
                                              CASE WHEN NOT r.rolsuper AND e.oid IS NOT NULL THEN 'superuser-equivalent: ' || e.via END,
                                              CASE WHEN r.rolcreaterole THEN 'createrole' END,
                                              CASE WHEN r.rolcreatedb THEN 'createdb' END,
                                              CASE WHEN r.rolbypassrls THEN 'bypassrls' END)),
                       '; ' ORDER BY r.rolname), 2000) AS list,
       -- the first 1,000 superuser-equivalent roles by name, for tools reading the evidence
       coalesce((array_agg(r.rolname::text ORDER BY r.rolname) FILTER (WHERE NOT r.rolsuper AND e.oid IS NOT NULL))[1:1000], '{}') AS equivalent_roles
FROM pg_roles AS r
LEFT JOIN su_equiv AS e ON e.oid = r.oid
WHERE r.oid <> 10 AND NOT (r.oid < 16384 AND r.rolname LIKE 'pg\_%')
  AND (r.rolsuper OR e.oid IS NOT NULL OR r.rolcreaterole OR r.rolcreatedb OR r.rolbypassrls)
