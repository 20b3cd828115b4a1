-- block: hba-role-class (checks/_lib/sql/hba-role-class.sql): login roles grouped by how
-- pg_hba.conf sees them. Two roles in one class pass the same lines on user and database for
-- every database (the same role-specific user matches, the same sameuser/samerole matches,
-- both or neither may open physical replication connections), so the first matching line of
-- every connection is the same for both: the analysis decides once per class, not per role.
-- Reads hba_who(oid, rolname, rep) and the block hba-role-match. The signature is one
-- aggregate over the union of the roles and their matches (no join of the roles with the
-- matches, so no nested loop over them whatever the row estimates say).
hba_role_sig AS (
  SELECT x.oid, max(x.rolname) AS rolname, bool_or(x.rep) AS rep,
         coalesce(string_agg(x.part, ',' ORDER BY x.part) FILTER (WHERE x.part IS NOT NULL), '') AS sig
    FROM (SELECT w.oid, w.rolname, w.rep, true AS login, NULL::text AS part FROM hba_who AS w
          UNION ALL
          SELECT u.oid, NULL, NULL, false, 'u' || u.rule_order FROM hba_user_match AS u
          UNION ALL
          SELECT d.oid, NULL, NULL, false, 'd' || d.rule_order || ':' || length(d.datname) || ':' || d.datname FROM hba_db_dep AS d) AS x
   GROUP BY x.oid
  HAVING bool_or(x.login)
), hba_role_class AS (
  SELECT s.oid AS role_oid, s.rolname, dense_rank() OVER (ORDER BY s.rep, s.sig)::int AS role_class, s.rep
    FROM hba_role_sig AS s
)
-- end block: hba-role-class
