-- pg_ident.conf as PostgreSQL evaluates a map (check_ident_usermap, src/backend/libpq/hba.c):
--  * the user-name side (sys_name) is a name compared exactly, or, starting with /, a regular
--    expression (the server's own regex engine, as ~ here);
--  * with a regular expression, the first \1 in the role side is replaced by the first
--    parenthesized capture (16+: not when the role side is +group or /regex); a line asking
--    for \1 whose expression captured nothing maps nobody (the server logs an error);
--  * the role side (16+) is all, +group (membership through any chain, INHERIT and SET
--    aside, no superuser shortcut), /regex or a name; before 16 always a name, compared exactly.
-- foreign_user: some user name other than the role's own is mapped to it — the map lets an
-- account that is not "the same person" in. For a regular expression the tool tries the
-- role's own name and look-alike names (prefixed, suffixed, root, nobody) as PostgreSQL would:
-- a name no such candidate reaches is not reported (the expression may still admit it).
WITH RECURSIVE ident AS (
  SELECT i.map_name, i.line_number, coalesce(to_jsonb(i) ->> 'file_name', (SELECT setting FROM pg_settings WHERE name = 'ident_file')) AS file_name,
         i.sys_name, i.pg_username, i.sys_name LIKE '/%' AS sys_regex, substr(i.sys_name, 2) AS sys_re,
         i.sys_name LIKE '/%' AND strpos(i.pg_username, E'\\1') > 0
           AND (current_setting('server_version_num')::int < 160000 OR (i.pg_username NOT LIKE '+%' AND i.pg_username NOT LIKE '/%')) AS substitutes,
         -- capture groups in the expression: '()(?:re)|()' has two more than re, whichever side matches ''
         CASE WHEN i.sys_name LIKE '/%' THEN array_length(regexp_match('', '()(?:' || substr(i.sys_name, 2) || ')|()'), 1) - 2 END AS captures
    FROM pg_ident_file_mappings AS i
   WHERE i.error IS NULL
), roles AS (
  SELECT r.oid, r.rolname::text AS rolname FROM pg_roles AS r WHERE r.rolcanlogin
), ident_group(group_name, member) AS (
  SELECT g.rolname::text, g.oid FROM pg_roles AS g
   WHERE current_setting('server_version_num')::int >= 160000
     AND g.rolname IN (SELECT substr(i.pg_username, 2) FROM ident AS i WHERE i.pg_username LIKE '+%' AND NOT i.substitutes)
  UNION
  SELECT m.group_name, am.member FROM ident_group AS m JOIN pg_auth_members AS am ON am.roleid = m.member
), target AS (
  -- lines without substitution: the roles the role side names
  SELECT i.*, r.oid AS role_oid, r.rolname
    FROM ident AS i JOIN roles AS r
      ON CASE WHEN current_setting('server_version_num')::int < 160000 THEN r.rolname = i.pg_username
              WHEN i.pg_username = 'all' THEN true
              WHEN i.pg_username LIKE '+%' THEN EXISTS (SELECT 1 FROM ident_group AS g WHERE g.group_name = substr(i.pg_username, 2) AND g.member = r.oid)
              WHEN i.pg_username LIKE '/%' THEN r.rolname ~ substr(i.pg_username, 2)
              ELSE r.rolname = i.pg_username END
   WHERE NOT i.substitutes
), subst AS (
  -- lines with \1: the role is prefix || capture || suffix; the capture a user name must give
  SELECT i.*, r.oid AS role_oid, r.rolname,
         substr(r.rolname, length(split_part(i.pg_username, E'\\1', 1)) + 1,
                length(r.rolname) - length(split_part(i.pg_username, E'\\1', 1)) - length(substr(i.pg_username, strpos(i.pg_username, E'\\1') + 2))) AS capture
    FROM ident AS i JOIN roles AS r
      ON starts_with(r.rolname, split_part(i.pg_username, E'\\1', 1))
     AND right(r.rolname, length(substr(i.pg_username, strpos(i.pg_username, E'\\1') + 2))) = substr(i.pg_username, strpos(i.pg_username, E'\\1') + 2)
     AND length(r.rolname) >= length(i.pg_username) - 2
   WHERE i.substitutes AND i.captures > 0
), tried AS (
  SELECT t.map_name, t.line_number, t.file_name, t.sys_name, t.pg_username, t.role_oid, t.rolname, u.name AS sys_user,
         CASE WHEN NOT t.sys_regex THEN u.name = t.sys_name ELSE u.name ~ t.sys_re END AS maps
    FROM target AS t
   CROSS JOIN LATERAL (SELECT t.sys_name WHERE NOT t.sys_regex
                       UNION ALL
                       SELECT c FROM unnest(ARRAY[t.rolname, 'x' || t.rolname, t.rolname || 'x', t.rolname || '@x', 'root', 'nobody']) AS c
                        WHERE t.sys_regex) AS u(name)
  UNION ALL
  SELECT s.map_name, s.line_number, s.file_name, s.sys_name, s.pg_username, s.role_oid, s.rolname, u.name,
         (regexp_match(u.name, s.sys_re))[1] IS NOT DISTINCT FROM s.capture AND (regexp_match(u.name, s.sys_re))[1] IS NOT NULL
    FROM subst AS s
   CROSS JOIN LATERAL unnest(ARRAY[s.rolname, s.capture, 'x' || s.capture, s.capture || 'x', s.capture || '@x', 'x@' || s.capture,
                                   -- the expression read as text: anchors dropped, each group replaced by the capture
                                   regexp_replace(regexp_replace(regexp_replace(s.sys_re, '^\^|\$$', '', 'g'), '\([^()]*\)', s.capture, 'g'), '\\(.)', '\1', 'g')]) AS u(name)
)
SELECT t.map_name, t.line_number, t.file_name, t.sys_name, t.pg_username, t.role_oid, t.rolname::name,
       bool_or(t.sys_user <> t.rolname) FILTER (WHERE t.maps) AS foreign_user,
       min(t.sys_user) FILTER (WHERE t.maps AND t.sys_user <> t.rolname) AS example_user,
       CASE WHEN (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) OR pg_has_role(current_user, 'pg_read_server_files', 'USAGE')
            THEN (pg_stat_file(t.file_name, true)).modification > date_trunc('second', pg_conf_load_time()) END AS changed_since_load
  FROM tried AS t
 GROUP BY t.map_name, t.line_number, t.file_name, t.sys_name, t.pg_username, t.role_oid, t.rolname
HAVING bool_or(t.maps)
