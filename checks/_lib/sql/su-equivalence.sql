-- block: su-equivalence (checks/_lib/sql/su-equivalence.sql, included by every check that asks "can this role act as a
-- superuser"; docs/verdicts.md): a role is superuser-equivalent when it has SUPERUSER or can
-- SET ROLE to a superuser through a chain of memberships (on 16+ every grant of the chain
-- needs SET; before 16 any membership allows SET ROLE). UNION ends cycles.
su_chain(member, superuser) AS (
  SELECT oid, oid FROM pg_roles WHERE rolsuper
  UNION
  SELECT am.member, c.superuser
    FROM pg_auth_members AS am JOIN su_chain AS c ON c.member = am.roleid
   WHERE coalesce((to_jsonb(am) ->> 'set_option')::boolean, true)
), su_equiv AS (
  SELECT r.oid, r.rolname, r.rolcanlogin, r.rolsuper,
         string_agg(DISTINCT s.rolname, ',') FILTER (WHERE s.oid <> r.oid) AS via
    FROM su_chain AS c JOIN pg_roles AS r ON r.oid = c.member JOIN pg_roles AS s ON s.oid = c.superuser
   GROUP BY r.oid, r.rolname, r.rolcanlogin, r.rolsuper
)
-- end block: su-equivalence
