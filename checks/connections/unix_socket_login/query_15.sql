-- Local (Unix-socket) connections: the first matching line for each login role and database
-- (see the hba-first-match block). trust lets every OS account on the host in as that role;
-- peer/ident with map= lets in the OS accounts the map names: a map line whose OS-user side
-- is a regular expression (any matching account) and whose role side reaches a
-- superuser-equivalent login role (a name, all, +group or /regex on 16+) is as open as trust
-- for that superuser.
WITH RECURSIVE
-- include: fact:su_equiv
, hba_role AS (
  SELECT oid, rolname FROM pg_roles WHERE rolcanlogin
),
-- include: hba-first-match
, local_first AS (
  SELECT DISTINCT f.line, f.rule_order, f.auth_method,
         (SELECT substr(o, 5) FROM unnest(f.options) AS o WHERE o LIKE 'map=%') AS map
    FROM hba_first AS f
   WHERE f.transport = 'local'
), risky AS (
  SELECT DISTINCT format('map %s line %s: %s → %s', i.map_name, i.line_number, i.sys_name, i.pg_username) AS entry, i.line_number
    FROM pg_ident_file_mappings AS i
    JOIN su_equiv AS s ON s.rolcanlogin
   WHERE i.error IS NULL AND i.sys_name LIKE '/%'
     AND i.map_name IN (SELECT map FROM local_first WHERE map IS NOT NULL AND auth_method IN ('peer', 'ident'))
     AND (i.pg_username IN ('all', s.rolname)
          OR (i.pg_username LIKE '+%' AND EXISTS (SELECT 1 FROM hba_member AS m JOIN pg_roles AS g ON g.oid = m.roleid
                                                   WHERE m.member = s.oid AND g.rolname = substr(i.pg_username, 2)))
          OR CASE WHEN i.pg_username LIKE '/%' THEN s.rolname ~ substr(i.pg_username, 2) ELSE false END)
)
SELECT true AS maps_readable,
       (SELECT count(*) FROM risky)::int AS risky_count,
       (SELECT left(string_agg(entry, '; ' ORDER BY line_number), 1000) FROM risky) AS risky_maps,
       (SELECT string_agg(DISTINCT map, ', ') FROM local_first WHERE map IS NOT NULL AND auth_method IN ('peer', 'ident')) AS maps,
       (SELECT count(*) FROM hba_rules WHERE type = 'local')::int AS local_lines,
       (SELECT count(*) FROM local_first WHERE auth_method = 'trust')::int AS trust_count,
       (SELECT left(string_agg(line, '; ' ORDER BY rule_order), 1500) FROM local_first WHERE auth_method = 'trust') AS trust_lines,
       (SELECT error_lines FROM hba_file) AS error_lines,
       (SELECT errors FROM hba_file) AS errors,
       (SELECT changed_since_load FROM hba_file) AS changed_since_load
