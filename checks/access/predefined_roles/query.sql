-- Who can exercise each predefined role (whatever this version has): every role that is not a
-- superuser and can act, by a route of the privilege graph (the role_reach fact: memberships
-- with SET or INHERIT, ADMIN OPTION, CREATEROLE before 16, owner rights, SECURITY DEFINER
-- functions), as a role holding its privileges. File/program access and pg_write_all_data /
-- pg_read_all_data are as strong as a superuser in practice, and so is acting as a superuser
-- (listed as "superuser x"; such a role is listed there only).
WITH
-- include: fact:role_reach
, held AS (
  SELECT CASE WHEN g.kind = 'superuser' THEN 'superuser ' || g.target ELSE g.target END AS label,
         g.kind = 'superuser' OR g.target IN ('pg_execute_server_program', 'pg_read_server_files',
                                             'pg_write_server_files', 'pg_write_all_data', 'pg_read_all_data') AS powerful,
         string_agg(g.rolname, ',' ORDER BY g.rolname) AS members
    FROM role_reach AS g
   WHERE g.kind IN ('superuser', 'server_files', 'predefined')
   GROUP BY 1, 2
)
SELECT coalesce(left(string_agg(format('%s: %s', label, members), '; ' ORDER BY label), 1500), '') AS memberships,
       coalesce(left(string_agg(format('%s: %s', label, members), '; ' ORDER BY label) FILTER (WHERE powerful), 1000), '') AS powerful,
       count(*)::int AS used_roles
FROM held
