SELECT count(*)::int AS count,
       left(string_agg(rolname, ', ' ORDER BY rolname), 1000) AS list
FROM pg_authid
WHERE rolpassword LIKE 'md5%'
