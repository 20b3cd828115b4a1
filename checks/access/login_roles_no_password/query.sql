SELECT count(*)::int AS count,
       left(string_agg(rolname, ', ' ORDER BY rolname), 1000) AS list
FROM pg_authid
WHERE rolcanlogin AND rolpassword IS NULL AND oid <> 10
