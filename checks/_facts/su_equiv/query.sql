-- Superuser-equivalent roles (docs/verdicts.md, "Who can act as whom"): a role is
-- superuser-equivalent when it has SUPERUSER, or can act as a superuser, or can run programs as
-- the server's OS account (COPY ... PROGRAM through pg_execute_server_program, a language
-- flagged trusted whose handler is an untrusted one), by any route of the privilege graph.
-- via: the shortest such chain (NULL for superusers).
WITH
-- include: fact:priv_graph
, su_path AS (
  SELECT DISTINCT ON (g.oid) g.oid,
         g.chain || CASE g.kind WHEN 'superuser' THEN ' → SUPERUSER ' || quote_ident(g.target)
                                WHEN 'server_files' THEN ' → COPY ... PROGRAM: shell commands as the server account'
                                ELSE coalesce(g.step, '') END AS via
    FROM priv_graph AS g
   WHERE NOT g.rolsuper
     AND (g.kind = 'superuser' OR (g.kind = 'server_files' AND g.target = 'pg_execute_server_program') OR g.kind = 'untrusted_language')
   ORDER BY g.oid, g.hops, g.kind = 'superuser' DESC, g.target
)
SELECT r.oid, r.rolname, r.rolcanlogin, r.rolsuper, p.via
  FROM pg_roles AS r LEFT JOIN su_path AS p ON p.oid = r.oid
 WHERE r.rolsuper OR p.oid IS NOT NULL
