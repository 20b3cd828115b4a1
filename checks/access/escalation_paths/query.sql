-- Privilege-escalation paths before PostgreSQL 15 (no parameter privileges): see the
-- escalation-paths block. One row per (login role, kind, target), shortest chain first; a
-- single row of NULLs when there is none (so an empty answer is never mistaken for "none").
WITH RECURSIVE esc_param_grant(grantee, parname, privs) AS (
  SELECT NULL::oid, NULL::text, NULL::text WHERE false
),
-- include: escalation-paths
SELECT * FROM (
  SELECT p.role, p.kind, p.severity, p.target, p.hops, p.chain, p.fix, count(*) OVER ()::int AS total
    FROM esc_path AS p
   ORDER BY p.severity = 'Error' DESC, p.role, p.kind, p.target
   LIMIT 2000
) AS paths
UNION ALL
SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0 WHERE NOT EXISTS (SELECT 1 FROM esc_path)
