-- Privilege-escalation paths (docs/verdicts.md, "Who can act as whom"): the priv_paths
-- fact — every path of the privilege graph from a login role that is not a superuser to
-- superuser-equivalent or lesser power, one row per (login role, kind, target) with the
-- shortest chain, Error rows first, at most 500 — with the statement that breaks it where one
-- is safe; a single row of NULLs when there is none (so an empty answer is never mistaken for
-- "none"). Broad predefined roles (pg_write_all_data, ...) are predefined_roles' findings.
WITH
-- include: fact:priv_paths
SELECT p.role, p.kind, p.severity, p.target, p.hops, p.chain,
       coalesce(p.fix,
                -- a chain that ends with a membership in the superuser or server-file role: revoke that grant
                CASE WHEN p.kind IN ('superuser', 'server_files') AND p.last_member IS NOT NULL THEN
                  (SELECT string_agg(DISTINCT CASE WHEN current_setting('server_version_num')::int >= 160000
                                          THEN format('REVOKE %I FROM %I GRANTED BY %I;', p.target, pg_get_userbyid(m.member), pg_get_userbyid(m.grantor))
                                          ELSE format('REVOKE %I FROM %I;', p.target, pg_get_userbyid(m.member)) END, ' ')
                     FROM pg_auth_members AS m WHERE m.member = p.last_member AND m.roleid = p.holder)
                END) AS fix,
       p.total
  FROM priv_paths AS p
UNION ALL
SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0 WHERE NOT EXISTS (SELECT 1 FROM priv_paths)
