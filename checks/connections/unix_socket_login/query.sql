-- Local (Unix-socket) connections: the first matching line for each login role and database
-- (see the hba-first-match block). trust lets every OS account on the host in as that role;
-- peer/ident with map= lets in the OS accounts the map names: a map line whose OS-user side
-- is a regular expression (any matching account) and whose role side reaches a
-- superuser-equivalent login role (a name, all, +group or /regex on 16+) is as open as trust
-- for that superuser.
-- Before PostgreSQL 15 pg_ident.conf cannot be read from SQL: maps in use are listed for review.
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
)
SELECT false AS maps_readable,
       0 AS risky_count,
       NULL::text AS risky_maps,
       (SELECT string_agg(DISTINCT map, ', ') FROM local_first WHERE map IS NOT NULL AND auth_method IN ('peer', 'ident')) AS maps,
       (SELECT count(*) FROM hba_rules WHERE type = 'local')::int AS local_lines,
       (SELECT count(*) FROM local_first WHERE auth_method = 'trust')::int AS trust_count,
       (SELECT left(string_agg(line, '; ' ORDER BY rule_order), 1500) FROM local_first WHERE auth_method = 'trust') AS trust_lines,
       (SELECT error_lines FROM hba_file) AS error_lines,
       (SELECT errors FROM hba_file) AS errors,
       (SELECT changed_since_load FROM hba_file) AS changed_since_load
