SELECT count(*)::int AS superusers,
       count(*) FILTER (WHERE rolcanlogin)::int AS login_superusers,
       left(string_agg(rolname || CASE WHEN rolcanlogin THEN '' ELSE ' (nologin)' END, ', ' ORDER BY rolname), 1000) AS names
FROM pg_roles
WHERE rolsuper
