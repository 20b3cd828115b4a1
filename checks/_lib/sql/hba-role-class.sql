-- block: hba-role-class (checks/_lib/sql/hba-role-class.sql): login roles grouped by how
-- pg_hba.conf sees them. Two roles in one class pass the same lines on user and database for
-- every database (same role-specific user matches, same sameuser/samerole matches, both or
-- neither may open physical replication connections), so the first matching line of every
-- connection is the same for both: the analysis decides once per class, not once per role.
-- Reads hba_who(oid, rolname, rep), hba_user_match, hba_db_dep (block hba-role-match).
hba_role_class AS (
  SELECT s.oid AS role_oid, s.rolname, dense_rank() OVER (ORDER BY s.rep, s.usig, s.dsig)::int AS role_class, s.rep
    FROM (SELECT w.oid, w.rolname, w.rep, coalesce(u.sig, '') AS usig, coalesce(d.sig, '') AS dsig
            FROM hba_who AS w
            LEFT JOIN (SELECT m.oid, string_agg(m.rule_order::text, ',' ORDER BY m.rule_order) AS sig
                         FROM hba_user_match AS m GROUP BY m.oid) AS u ON u.oid = w.oid
            LEFT JOIN (SELECT m.oid, string_agg(m.rule_order || ':' || length(m.datname) || ':' || m.datname, ',' ORDER BY m.rule_order, m.datname) AS sig
                         FROM hba_db_dep AS m GROUP BY m.oid) AS d ON d.oid = w.oid) AS s
)
-- end block: hba-role-class
