-- Who can do anything in this cluster: superusers (for review) and superuser-equivalent roles
-- without the attribute (the su_equiv fact: they can act as a superuser, or run programs as
-- the server's OS account, by a route of the privilege graph — a finding), each with its chain.
WITH
-- include: fact:su_equiv
SELECT count(*) FILTER (WHERE rolsuper)::int AS superusers,
       count(*) FILTER (WHERE rolsuper AND rolcanlogin)::int AS login_superusers,
       left(string_agg(rolname || CASE WHEN rolcanlogin THEN '' ELSE ' (nologin)' END, ', ' ORDER BY rolname)
              FILTER (WHERE rolsuper), 1000) AS names,
       count(*) FILTER (WHERE NOT rolsuper)::int AS equivalents,
       coalesce(left(string_agg(format('%s%s: %s', rolname, CASE WHEN rolcanlogin THEN '' ELSE ' (nologin)' END, via), '; ' ORDER BY rolname)
              FILTER (WHERE NOT rolsuper), 2000), '') AS equivalent_names,
       -- the first 1,000 by name, for tools reading the evidence
       coalesce((array_agg(rolname::text ORDER BY rolname) FILTER (WHERE NOT rolsuper))[1:1000], '{}') AS equivalent_roles
FROM su_equiv
