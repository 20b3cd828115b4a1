-- The privilege graph's input on PostgreSQL 16+ (see the priv-graph-input block): each grant
-- carries its own ADMIN, INHERIT and SET options (a member may hold several grants of one role,
-- from different grantors: any grant with an option gives it); parameter privileges.
WITH RECURSIVE
-- include: fact:definer_functions
, pg_edges(member, roleid, flags) AS (
  SELECT am.member, am.roleid,
         CASE WHEN bool_or(am.admin_option) THEN 1 ELSE 0 END
         + CASE WHEN bool_or(am.inherit_option) THEN 2 ELSE 0 END
         + CASE WHEN bool_or(am.set_option) THEN 4 ELSE 0 END
    FROM pg_auth_members AS am
   GROUP BY am.member, am.roleid
), param_grants(grantee, parname, privs) AS (
  SELECT a.grantee, p.parname::text, a.privilege_type
    FROM pg_parameter_acl AS p CROSS JOIN LATERAL aclexplode(p.paracl) AS a
),
-- include: priv-graph-input
