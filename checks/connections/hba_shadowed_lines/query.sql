-- pg_hba.conf lines that can never be the first match: an earlier line matches every
-- connection the line matches (see docs/verdicts.md, "pg_hba.conf first match"). Proven line by
-- line, not from the roles that exist today: the earlier line E covers the later line L when
--  * connection types: every transport L admits (local socket; TCP plain, TLS, GSS-encrypted)
--    E admits too (host covers hostssl, hostnossl, hostgssenc, hostnogssenc; hostnossl
--    covers hostgssenc; hostnogssenc covers hostssl);
--  * addresses: E is "all", or both are address/mask of one family and L's range lies in E's
--    ((L.mask & E.mask) = E.mask and (L.ip & E.mask) = (E.ip & E.mask)), or both name the same
--    host name / samehost / samenet;
--  * users: E has "all", or every user token of L is a token of E or a role (or +group)
--    that is a member, directly or through other roles, of a +group of E (pg_hba.conf checks
--    membership regardless of INHERIT);
--  * databases: E has "all" (which never matches replication connections) or every token of L
--    is a token of E. Regular expressions (16+) are compared only as identical tokens.
-- The first such E is named: when it is reject the line is dead behind a reject.
-- One row per such line; one row with kind NULL when there is none (the file's state columns).
WITH RECURSIVE
-- include: fact:hba_rules
, hba_source AS (SELECT * FROM hba_rules),
-- include: hba-lines
,
-- include: hba-role-match
, hba_family(type, transport) AS (
  VALUES ('local', 'local'), ('host', 'plain'), ('host', 'ssl'), ('host', 'gss'), ('hostssl', 'ssl'),
         ('hostnossl', 'plain'), ('hostnossl', 'gss'), ('hostgssenc', 'gss'), ('hostnogssenc', 'plain'),
         ('hostnogssenc', 'ssl')
), hba_is_member(member_name, group_name) AS (
  -- members of the +groups the lines name (block hba-role-match: any chain, self included)
  SELECT r.rolname::text, g.group_name FROM hba_group AS g JOIN pg_roles AS r ON r.oid = g.member
), covered AS (
  SELECT DISTINCT ON (l.rule_order) l.rule_order, l.file_name, l.line_number, l.line,
         e.file_name AS by_file_name, e.line_number AS by_line_number, e.line AS by_line, e.auth_method AS by_method
    FROM hba_line AS l
    JOIN hba_line AS e ON e.rule_order < l.rule_order
   WHERE NOT EXISTS (SELECT 1 FROM hba_family AS f
                      WHERE f.type = l.type
                        AND NOT EXISTS (SELECT 1 FROM hba_family AS g WHERE g.type = e.type AND g.transport = f.transport))
     AND (l.type = 'local'
          OR e.address = 'all'
          OR (e.ip IS NOT NULL AND l.ip IS NOT NULL AND family(e.ip) = family(l.ip)
              AND (l.mask & e.mask) = e.mask AND (l.ip & e.mask) = (e.ip & e.mask))
          OR (e.ip IS NULL AND l.ip IS NULL AND e.address = l.address AND e.address <> 'all'))
     AND ('all' = ANY (e.user_name)
          OR NOT EXISTS (SELECT 1 FROM unnest(l.user_name) AS x(n)
                          WHERE NOT (x.n = ANY (e.user_name)
                                     OR (x.n <> 'all' AND x.n NOT LIKE '/%'
                                         AND EXISTS (SELECT 1 FROM unnest(e.user_name) AS y(g)
                                                       JOIN hba_is_member AS im ON im.group_name = substr(y.g, 2)
                                                      WHERE y.g LIKE '+%'
                                                        AND im.member_name = CASE WHEN x.n LIKE '+%' THEN substr(x.n, 2) ELSE x.n END)))))
     AND NOT EXISTS (SELECT 1 FROM unnest(l.database) AS x(n)
                      WHERE NOT (x.n = ANY (e.database) OR ('all' = ANY (e.database) AND x.n <> 'replication')))
   ORDER BY l.rule_order, e.rule_order
), finding AS (
  SELECT CASE WHEN c.by_method = 'reject' THEN 'dead_after_reject' ELSE 'shadowed' END AS kind,
         c.rule_order, c.file_name, c.line_number, c.line, c.by_file_name, c.by_line_number, c.by_line,
         format('remove line %s of %s (it never decides a connection: line %s of %s matches first)',
                c.line_number, c.file_name, c.by_line_number, c.by_file_name) AS fix
    FROM covered AS c
)
SELECT f.kind, f.file_name, f.line_number, f.line, f.by_file_name, f.by_line_number, f.by_line, f.fix, true AS fix_manual,
       s.error_lines, s.errors, s.changed_since_load
  FROM hba_file AS s
  LEFT JOIN finding AS f ON true
 ORDER BY f.rule_order
