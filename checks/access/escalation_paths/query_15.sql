-- Privilege-escalation paths on PostgreSQL 15+: as query.sql, plus SET / ALTER SYSTEM
-- privileges on parameters (pg_parameter_acl). See the escalation-paths block.
WITH RECURSIVE esc_param_grant(grantee, parname, privs) AS (
  SELECT a.grantee, p.parname::text, string_agg(a.privilege_type, ', ' ORDER BY a.privilege_type DESC)
    FROM pg_parameter_acl AS p
   CROSS JOIN LATERAL aclexplode(p.paracl) AS a
   GROUP BY a.grantee, p.parname
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
