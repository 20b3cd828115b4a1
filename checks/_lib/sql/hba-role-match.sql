-- block: hba-role-match (checks/_lib/sql/hba-role-match.sql): which roles each pg_hba.conf line
-- names, as PostgreSQL's check_role/check_db decide (src/backend/libpq/hba.c). Reads hba_line.
-- Lines with "all" in the user field match every role and are not listed.
-- hba_user_match(rule_order, oid): the line's user field names the role (any role, login or
-- not) — a name (exact, case-sensitive), +group (the group or a member of it through any chain
-- of grants, whatever INHERIT and SET say; a superuser gets no shortcut), /regex (16+; before
-- 16 a token starting with / is a plain name). hba_db_dep(rule_order, oid, datname): database
-- matches that depend on the role: sameuser (the database has the role's name),
-- samerole/samegroup (the role is a member, as for +group, of the role named like the
-- database); neither matches a replication connection. hba_group(group_name, member): the
-- members of the groups the lines name, self included. Nothing here joins the full list of
-- roles: the users of the block group or probe these rows in ways that do not depend on the
-- planner's row estimates (poor for rows that arrive as a fact, and for pg_authid right
-- after many roles were created).
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
  SELECT t.rule_order, r.oid
    FROM hba_user_tok AS t JOIN pg_roles AS r ON r.rolname = t.n
   WHERE t.n NOT LIKE '+%' AND (t.n NOT LIKE '/%' OR current_setting('server_version_num')::int < 160000)
  UNION
  SELECT t.rule_order, g.member
    FROM hba_user_tok AS t JOIN hba_group AS g ON g.group_name = substr(t.n, 2)
   WHERE t.n LIKE '+%'
  UNION
  SELECT t.rule_order, r.oid
    FROM hba_user_tok AS t JOIN pg_roles AS r ON r.rolname ~ substr(t.n, 2)
   WHERE t.n LIKE '/%' AND current_setting('server_version_num')::int >= 160000
), hba_db_dep(rule_order, oid, datname) AS (
  SELECT h.rule_order, r.oid, d.datname::text
    FROM hba_line AS h JOIN pg_database AS d ON d.datallowconn JOIN pg_roles AS r ON r.rolname = d.datname
   WHERE 'sameuser' = ANY (h.database)
  UNION
  SELECT h.rule_order, g.member, d.datname::text
    FROM hba_line AS h JOIN pg_database AS d ON d.datallowconn JOIN hba_group AS g ON g.group_name = d.datname
   WHERE h.database && ARRAY['samerole', 'samegroup']
)
-- end block: hba-role-match
