-- The privilege graph's input before PostgreSQL 15 (see the priv-graph-input block): every
-- membership allows SET ROLE, the member's rolinherit decides INHERIT; no parameter privileges.
WITH RECURSIVE
-- include: fact:definer_functions
, pg_edges(member, roleid, flags) AS (
  SELECT am.member, am.roleid, CASE WHEN bool_or(am.admin_option) THEN 1 ELSE 0 END + CASE WHEN m.rolinherit THEN 2 ELSE 0 END + 4
    FROM pg_auth_members AS am JOIN pg_roles AS m ON m.oid = am.member
   GROUP BY am.member, am.roleid, m.rolinherit
), param_grants(grantee, parname, privs) AS (
  SELECT NULL::oid, NULL::text, NULL::text WHERE false
),
-- include: priv-graph-input
