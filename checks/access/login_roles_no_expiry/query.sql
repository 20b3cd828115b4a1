SELECT count(*)::int AS count,
       left(string_agg(rolname, ', ' ORDER BY rolname), 1000) AS list
FROM pg_roles
WHERE rolcanlogin AND NOT rolsuper AND oid <> 10
  AND (rolvaliduntil IS NULL OR rolvaliduntil = 'infinity')
