WITH RECURSIVE
-- include: fact:su_equiv
SELECT count(*) FILTER (WHERE rolsuper)::int AS superusers,
       count(*) FILTER (WHERE rolsuper AND rolcanlogin)::int AS login_superusers,
       left(string_agg(rolname || CASE WHEN rolcanlogin THEN '' ELSE ' (nologin)' END, ', ' ORDER BY rolname)
              FILTER (WHERE rolsuper), 1000) AS names,
       count(*) FILTER (WHERE NOT rolsuper)::int AS equivalents,
       coalesce(left(string_agg(format('%s%s → SET ROLE %s', rolname, CASE WHEN rolcanlogin THEN '' ELSE ' (nologin)' END, via), ', ' ORDER BY rolname)
              FILTER (WHERE NOT rolsuper), 1000), '') AS equivalent_names
FROM su_equiv
