-- Members of predefined roles (whatever this version has), leaving out superusers and
-- predefined roles nested in each other. File/program access and pg_write_all_data /
-- pg_read_all_data are as strong as a superuser in practice.
SELECT coalesce(left(string_agg(format('%s: %s', g.rolname, m.members), '; ' ORDER BY g.rolname), 1500), '') AS memberships,
       coalesce(left(string_agg(format('%s: %s', g.rolname, m.members), '; ' ORDER BY g.rolname)
                FILTER (WHERE g.rolname IN ('pg_execute_server_program', 'pg_read_server_files',
                                            'pg_write_server_files', 'pg_write_all_data', 'pg_read_all_data')), 1000), '') AS powerful,
       count(*)::int AS used_roles
FROM pg_roles AS g
JOIN LATERAL (SELECT string_agg(u.rolname, ',' ORDER BY u.rolname) AS members
                FROM pg_auth_members AS am JOIN pg_roles AS u ON u.oid = am.member
               WHERE am.roleid = g.oid AND NOT u.rolsuper AND u.rolname NOT LIKE 'pg\_%') AS m
  ON m.members IS NOT NULL
WHERE g.rolname LIKE 'pg\_%' AND g.oid < 16384
