-- The privilege graph's input on PostgreSQL 15 (see the priv-graph-input block): memberships as
-- before 16, plus SET / ALTER SYSTEM privileges on parameters (pg_parameter_acl).
WITH RECURSIVE
-- include: fact:definer_functions
, pg_edges(member, roleid, flags) AS (
  SELECT am.member, am.roleid, CASE WHEN bool_or(am.admin_option) THEN 1 ELSE 0 END + CASE WHEN m.rolinherit THEN 2 ELSE 0 END + 4
    FROM pg_auth_members AS am JOIN pg_roles AS m ON m.oid = am.member
   GROUP BY am.member, am.roleid, m.rolinherit
), param_grants(grantee, parname, privs) AS (
  SELECT a.grantee, p.parname::text, a.privilege_type
    FROM pg_parameter_acl AS p CROSS JOIN LATERAL aclexplode(p.paracl) AS a
),
-- include: priv-graph-input
