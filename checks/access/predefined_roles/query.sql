-- Members of predefined roles (whatever this version has) through any chain of memberships
-- that passes their privileges on (16+: a grant with INHERIT or SET; before 16 every grant
-- allows SET ROLE), leaving out superusers and predefined roles nested in each other.
-- File/program access and pg_write_all_data / pg_read_all_data are as strong as a
-- superuser in practice, and so is membership in a superuser role (listed as "superuser x").
WITH RECURSIVE chain(member, granted) AS (
  SELECT am.member, am.roleid FROM pg_auth_members AS am
   WHERE coalesce((to_jsonb(am) ->> 'set_option')::boolean, true) OR coalesce((to_jsonb(am) ->> 'inherit_option')::boolean, true)
  UNION
  SELECT am.member, c.granted
    FROM pg_auth_members AS am JOIN chain AS c ON c.member = am.roleid
   WHERE coalesce((to_jsonb(am) ->> 'set_option')::boolean, true) OR coalesce((to_jsonb(am) ->> 'inherit_option')::boolean, true)
), held AS (
  SELECT CASE WHEN g.rolsuper THEN 'superuser ' || g.rolname ELSE g.rolname END AS label,
         g.rolsuper OR g.rolname IN ('pg_execute_server_program', 'pg_read_server_files',
                                     'pg_write_server_files', 'pg_write_all_data', 'pg_read_all_data') AS powerful,
         string_agg(DISTINCT u.rolname, ',') AS members
    FROM chain AS c JOIN pg_roles AS g ON g.oid = c.granted JOIN pg_roles AS u ON u.oid = c.member
   WHERE ((g.rolname LIKE 'pg\_%' AND g.oid < 16384) OR g.rolsuper)
     AND NOT u.rolsuper AND u.rolname NOT LIKE 'pg\_%'
   GROUP BY 1, 2
)
SELECT coalesce(left(string_agg(format('%s: %s', label, members), '; ' ORDER BY label), 1500), '') AS memberships,
       coalesce(left(string_agg(format('%s: %s', label, members), '; ' ORDER BY label) FILTER (WHERE powerful), 1000), '') AS powerful,
       count(*)::int AS used_roles
FROM held
