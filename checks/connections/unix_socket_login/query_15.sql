-- Local (Unix-socket) connections: the first matching line for each login role and database
-- (the fact hba_decision). trust lets every OS account on the host in as that role;
-- peer/ident with map= lets in the OS accounts the map sends to it (the fact ident_map, which
-- evaluates regular expressions and \1 substitution as PostgreSQL does): a map line whose
-- OS-user side is a regular expression and that lets a user name other than the role's own
-- in as a superuser-equivalent login role (self /^(.*)$ \1 does not), on a
-- local line that decides that role's connections, is as open as trust for that superuser.
WITH RECURSIVE
-- include: fact:su_equiv
,
-- include: fact:hba_rules
,
-- include: fact:hba_role_class
,
-- include: fact:hba_decision
,
-- include: fact:ident_map
, hba_source AS (SELECT * FROM hba_rules),
-- include: hba-lines
,
-- include: hba-first
, local_first AS (
  SELECT DISTINCT f.role_class, f.line, f.rule_order, f.auth_method,
         (SELECT substr(o, 5) FROM unnest(f.options) AS o WHERE o LIKE 'map=%') AS map
    FROM hba_first AS f
   WHERE f.transport = 'local'
), su_login AS (
  SELECT c.role_oid, c.rolname, c.role_class FROM su_equiv AS s JOIN hba_role_class AS c ON c.role_oid = s.oid WHERE s.rolcanlogin
), risky AS (
  SELECT DISTINCT format('map %s line %s: %s → %s (e.g. OS user %s as %s)', i.map_name, i.line_number, i.sys_name, i.pg_username,
                         i.example_user, i.rolname) AS entry, i.line_number
    FROM local_first AS l
    JOIN su_login AS s ON s.role_class = l.role_class
    JOIN ident_map AS i ON i.map_name = l.map AND i.role_oid = s.role_oid
   -- a regular expression admits any matching account; a single named account is a deliberate choice
   WHERE l.auth_method IN ('peer', 'ident') AND i.foreign_user AND i.sys_name LIKE '/%'
)
SELECT true AS maps_readable,
       (SELECT count(*) FROM risky)::int AS risky_count,
       (SELECT left(string_agg(entry, '; ' ORDER BY line_number), 1000) FROM risky) AS risky_maps,
       (SELECT string_agg(DISTINCT map, ', ') FROM local_first WHERE map IS NOT NULL AND auth_method IN ('peer', 'ident')) AS maps,
       (SELECT count(*) FROM hba_line WHERE type = 'local')::int AS local_lines,
       (SELECT count(DISTINCT rule_order) FROM local_first WHERE auth_method = 'trust')::int AS trust_count,
       (SELECT left(string_agg(DISTINCT line, '; '), 1500) FROM local_first WHERE auth_method = 'trust') AS trust_lines,
       (SELECT error_lines FROM hba_file) AS error_lines,
       (SELECT errors FROM hba_file) AS errors,
       (SELECT changed_since_load FROM hba_file) OR (SELECT bool_or(changed_since_load) FROM ident_map) AS changed_since_load
