-- block: hba-role-match (checks/_lib/sql/hba-role-match.sql): which pg_hba.conf lines name a
-- role, as PostgreSQL's check_role/check_db decide (src/backend/libpq/hba.c). Reads hba_line
-- and hba_who(oid, rolname, rep): the roles to match. Lines with "all" in the user field
-- match every role and are not listed. hba_user_match(rule_order, oid): the line's user field
-- names the role — a name (exact, case-sensitive), +group (the role is the group or a member
-- of it through any chain of grants, whatever INHERIT and SET say; a superuser gets no
-- shortcut), /regex (16+; before 16 a token starting with / is a plain name).
-- hba_db_dep(rule_order, oid, datname): database matches that depend on the role: sameuser
-- (the database has the role's name), samerole/samegroup (the role is a member, as for
-- +group, of the role named like the database). Neither matches a replication connection.
hba_user_tok AS (
  SELECT h.rule_order, x.n
    FROM hba_line AS h CROSS JOIN LATERAL unnest(h.user_name) AS x(n)
   WHERE NOT h.user_all
), hba_group(group_name, member) AS (
  SELECT g.rolname::text, g.oid
    FROM pg_roles AS g
   WHERE g.rolname IN (SELECT substr(t.n, 2) FROM hba_user_tok AS t WHERE t.n LIKE '+%')
      OR (g.rolname IN (SELECT d.datname FROM pg_database AS d WHERE d.datallowconn)
          AND EXISTS (SELECT 1 FROM hba_line AS h WHERE h.database && ARRAY['samerole', 'samegroup']))
  UNION
  SELECT m.group_name, am.member FROM hba_group AS m JOIN pg_auth_members AS am ON am.roleid = m.member
), hba_user_match(rule_order, oid) AS (
  SELECT t.rule_order, w.oid
    FROM hba_user_tok AS t JOIN hba_who AS w ON w.rolname = t.n
   WHERE t.n NOT LIKE '+%' AND (t.n NOT LIKE '/%' OR current_setting('server_version_num')::int < 160000)
  UNION
  SELECT t.rule_order, w.oid
    FROM hba_user_tok AS t JOIN hba_group AS g ON g.group_name = substr(t.n, 2) JOIN hba_who AS w ON w.oid = g.member
   WHERE t.n LIKE '+%'
  UNION
  SELECT t.rule_order, w.oid
    FROM hba_user_tok AS t JOIN hba_who AS w ON w.rolname ~ substr(t.n, 2)
   WHERE t.n LIKE '/%' AND current_setting('server_version_num')::int >= 160000
), hba_db_dep(rule_order, oid, datname) AS (
  SELECT h.rule_order, w.oid, d.datname::text
    FROM hba_line AS h JOIN pg_database AS d ON d.datallowconn JOIN hba_who AS w ON w.rolname = d.datname
   WHERE 'sameuser' = ANY (h.database)
  UNION
  SELECT h.rule_order, w.oid, d.datname::text
    FROM hba_line AS h JOIN pg_database AS d ON d.datallowconn
    JOIN hba_group AS g ON g.group_name = d.datname JOIN hba_who AS w ON w.oid = g.member
   WHERE h.database && ARRAY['samerole', 'samegroup']
)
-- end block: hba-role-match
