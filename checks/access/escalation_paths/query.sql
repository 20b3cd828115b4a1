-- Privilege-escalation paths (docs/verdicts.md, "Privilege-escalation paths"): every path of the
-- privilege graph (the priv_graph fact) from a login role that is not a superuser to
-- superuser-equivalent or lesser power — one row per (login role, kind, target) with the
-- shortest chain, Error rows first, at most 2,000; a single row of NULLs when there is none (so
-- an empty answer is never mistaken for "none"). The graph walks memberships, ADMIN OPTION,
-- CREATEROLE before 16, owner rights and SECURITY DEFINER functions; broad predefined roles
-- (pg_write_all_data, ...) are predefined_roles' findings, not paths.
WITH
-- include: fact:priv_graph
, esc_path AS (
  SELECT g.rolname AS role, g.kind,
         CASE WHEN g.kind = 'server_files' AND g.target = 'pg_read_server_files' THEN 'Warning'
              WHEN g.kind = 'parameter' AND g.target NOT IN ('shared_preload_libraries', 'session_preload_libraries', 'local_preload_libraries',
                                                           'dynamic_library_path', 'archive_command', 'archive_library', 'restore_command',
                                                           'archive_cleanup_command', 'recovery_end_command', 'ssl_passphrase_command',
                                                           'extension_control_path') THEN 'Warning'
              ELSE 'Error' END AS severity,
         g.target, g.hops,
         g.chain || CASE g.kind WHEN 'superuser' THEN ' → SUPERUSER ' || quote_ident(g.target)
                                WHEN 'server_files' THEN CASE g.target
                                  WHEN 'pg_execute_server_program' THEN ' → COPY ... PROGRAM: shell commands as the server account'
                                  WHEN 'pg_write_server_files' THEN ' → COPY ... TO file: writes any file of the server account (configuration, data)'
                                  ELSE ' → COPY ... FROM file: reads any file the server account can read (keys, password hashes)' END
                                ELSE coalesce(g.step, '') END AS chain,
         coalesce(g.fix,
                  -- a chain that ends with a membership in the superuser or server-file role: revoke that grant
                  CASE WHEN g.kind IN ('superuser', 'server_files') AND g.last_member IS NOT NULL THEN
                    (SELECT string_agg(DISTINCT CASE WHEN current_setting('server_version_num')::int >= 160000
                                            THEN format('REVOKE %I FROM %I GRANTED BY %I;', g.target, pg_get_userbyid(m.member), pg_get_userbyid(m.grantor))
                                            ELSE format('REVOKE %I FROM %I;', g.target, pg_get_userbyid(m.member)) END, ' ')
                       FROM pg_auth_members AS m WHERE m.member = g.last_member AND m.roleid = g.holder)
                  END) AS fix
    FROM priv_graph AS g
   WHERE g.rolcanlogin AND NOT g.rolsuper AND g.kind <> 'predefined'
)
SELECT * FROM (
  SELECT p.role, p.kind, p.severity, p.target, p.hops, p.chain, p.fix, count(*) OVER ()::int AS total
    FROM esc_path AS p
   ORDER BY p.severity = 'Error' DESC, p.role, p.kind, p.target
   LIMIT 2000
) AS paths
UNION ALL
SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0 WHERE NOT EXISTS (SELECT 1 FROM esc_path)
